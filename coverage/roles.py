"""The names of the role groups, which migrations 0002 and 0004 create with their permissions."""

FIELD_STAFF = "Field staff"
OFFICIALS = "Officials"
ADMINISTRATORS = "Administrators"  # created by migration 0004, for administrators who are not superusers
