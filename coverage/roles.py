"""The names of the role groups, which migrations 0002, 0004 and 0009 create with their permissions."""

FIELD_STAFF = "Field staff"
OFFICIALS = "Officials"
ADMINISTRATORS = "Administrators"  # created by migration 0004, for administrators who are not superusers
SUPERVISORS = "Supervisors"  # created by migration 0009: they approve, return and reopen figures
