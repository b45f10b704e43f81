"""German formats: lotse.formats.de.formats."""
