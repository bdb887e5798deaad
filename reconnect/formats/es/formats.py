"""Spanish dates: "1 dic 2026", "martes, 1 de diciembre de 2026"; weeks start on Monday."""

DATE_FORMAT = r"l, j \d\e F \d\e Y"  # martes, 1 de diciembre de 2026
SHORT_DATE_FORMAT = "j b Y"  # 1 dic 2026 (abbreviations are lower case in Spanish)
DATETIME_FORMAT = "D j b Y, H:i"  # mar 1 dic 2026, 14:05
SHORT_DATETIME_FORMAT = "j b Y, H:i"  # 1 dic 2026, 14:05
MONTH_DAY_FORMAT = "j b"  # 1 dic
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # lunes
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
