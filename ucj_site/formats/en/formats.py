"""Django's English formats, with the time zone's abbreviation after every date and time (see ../id/formats.py)."""
DATETIME_FORMAT = "N j, Y, P T"
