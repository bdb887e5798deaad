"""English dates as the app has always shown them: day first, months spelled."""

DATE_FORMAT = "l j F Y"  # Tuesday 1 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 1 Dec 2026
DATETIME_FORMAT = "D j M Y, H:i"  # Tue 1 Dec 2026, 14:05
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 1 Dec 2026, 14:05
MONTH_DAY_FORMAT = "j M"  # 1 Dec
TIME_FORMAT = "H:i"
# The charts and week counts run Monday to Sunday; so does every week the app shows.
FIRST_DAY_OF_WEEK = 1
