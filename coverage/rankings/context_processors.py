"""The thresholds that pages mention ("older than 3 months", "within 5 points"), given to every template."""
from coverage.rankings import statuses


def thresholds(request) -> dict:
    return {"thresholds": {"stale_after_months": statuses.STALE_AFTER_MONTHS,
                           "close_within_points": statuses.CLOSE_WITHIN_POINTS}}
