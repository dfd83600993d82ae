"""What the admin's user page posts, for the tests that save it (the admin tests and the access matrix)."""
from coverage.models import Assignment

# The user page's preferences inline, left as it is (no row posted).
NO_PREFERENCES = {"preferences-TOTAL_FORMS": "0", "preferences-INITIAL_FORMS": "0", "preferences-MIN_NUM_FORMS": "0",
                  "preferences-MAX_NUM_FORMS": "1"}


def user_page_post(user, *, groups=None, new_places=(), **fields):
    """The user page as posted: the user's fields and groups, their assignments as they are, a new row per place."""
    stored = list(Assignment.objects.filter(user=user))
    data = {
        "username": user.username, "is_active": "on", "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [g.pk for g in (user.groups.all() if groups is None else groups)],
        "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00",
        "assignments-TOTAL_FORMS": str(len(stored) + len(new_places)), "assignments-INITIAL_FORMS": str(len(stored)),
        "assignments-MIN_NUM_FORMS": "0", "assignments-MAX_NUM_FORMS": "1000",
        **NO_PREFERENCES, **fields,
    }
    for i, row in enumerate(stored):
        data |= {f"assignments-{i}-id": row.pk, f"assignments-{i}-user": user.pk,
                 f"assignments-{i}-province": row.province_id or "", f"assignments-{i}-regency": row.regency_id or ""}
    for i, place in enumerate(new_places, start=len(stored)):
        kind = place._meta.model_name
        data |= {f"assignments-{i}-province": place.pk if kind == "province" else "",
                 f"assignments-{i}-regency": place.pk if kind == "regency" else ""}
    return data
