"""English dates and times (ADR 0190): British, day before month with the month as a word, 24-hour clock.

A German authority's English pages are read by people from everywhere; "03/12/2026" is 3 December to some and
12 March to others, so no English date is all digits: "3 Dec 2026", "3 December 2026", "3 December 2026, 14:30".
Django's `en` module is American (month first, 2:30 p.m.) and is overridden here, input formats included: a typed
"03/12/2026" is 3 December, as displayed. ISO dates ("2026-12-03", what a date field sends) are always accepted.
Number separators come from Django's `en` module.
"""

DATE_FORMAT = "j F Y"  # 3 December 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 3 December 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 3 December
SHORT_DATE_FORMAT = "j M Y"  # 3 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 3 Dec 2026, 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-03 (first: what a date field's value is written in)
    "%d/%m/%Y",  # 03/12/2026
    "%d.%m.%Y",  # 03.12.2026
    "%d %b %Y",  # 3 Dec 2026
    "%d %B %Y",  # 3 December 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-03 14:30:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-12-03 14:30:59.000200
    "%Y-%m-%d %H:%M",  # 2026-12-03 14:30
    "%d/%m/%Y %H:%M:%S",  # 03/12/2026 14:30:59
    "%d/%m/%Y %H:%M",  # 03/12/2026 14:30
    "%d.%m.%Y %H:%M",  # 03.12.2026 14:30
]
