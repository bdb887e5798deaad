"""The app's date formats per language, on top of Django's (FORMAT_MODULE_PATH).

Pages and charts name a format ("SHORT_DATE_FORMAT") rather than spell one, so each
language can say a date its own way: "1 Dec 2026" and "1 dic 2026", "Tuesday 1 December
2026" and "martes, 1 de diciembre de 2026". A third language adds a folder like these.
"""
