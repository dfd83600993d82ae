"""The names of the two role groups, which migration 0002 creates with their permissions."""

FIELD_STAFF = "Field staff"
OFFICIALS = "Officials"
