"""English formats: lotse.formats.en.formats."""
