"""Django's Indonesian formats, with the time zone's abbreviation after every date and time (WIB in TIME_ZONE
Asia/Jakarta): offices work in three zones, so a time without its zone is ambiguous."""
DATETIME_FORMAT = "j N Y, G.i T"
