"""German dates and times (ADR 0190): as Django's German module, with a comma before the time in long datetimes.

"03.12.2026", "3. Dezember 2026", "3. Dezember 2026, 14:30", "03.12.2026 14:30"; 24-hour clock. The input formats
and number separators are not repeated here: Django's `de` module supplies them (day first, "25.10.2006").
"""

DATE_FORMAT = "j. F Y"  # 3. Dezember 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j. F Y, H:i"  # 3. Dezember 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # Dezember 2026
MONTH_DAY_FORMAT = "j. F"  # 3. Dezember
SHORT_DATE_FORMAT = "d.m.Y"  # 03.12.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 03.12.2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday
