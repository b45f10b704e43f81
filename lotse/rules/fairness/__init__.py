"""The fair-recruitment self-check as data and pure Python (no Django): questions, scoring, red flags."""
