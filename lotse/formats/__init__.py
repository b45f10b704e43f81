"""Lotse's own date and time formats per language (settings.FORMAT_MODULE_PATH, ADR 0190).

Templates and display code name a format (`|date:"SHORT_DATE_FORMAT"`, `formats.date_format(day,
"DATE_FORMAT")`) and never spell one out; the language decides what the reader sees. A name not defined here
(input formats, number separators) falls through to Django's module for the language.
"""
