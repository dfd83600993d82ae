"""Numbers and dates inside sentences, written as people read them in the language active when they are read.

Both are lazy: a message built while a file is read in Indonesian (imports/reading.py) or before a page's language
is known still shows "2,147,483,647" and "31 July 2025" to an English reader, "2.147.483.647" and "31 Juli 2025"
to an Indonesian one.
"""
from django.utils.formats import date_format, localize
from django.utils.functional import lazy


def _number(value) -> str:
    return localize(value, use_l10n=True)


def _day(value) -> str:
    return date_format(value, "j F Y")


number = lazy(_number, str)  # 935.079 / 935,079; 67,28 / 67.28
day = lazy(_day, str)  # 31 Juli 2025 / 31 July 2025
