"""The thresholds that pages mention ("older than 3 months", "within 5 points") and the outlook's legend, given to
every template."""
from coverage.outlook import arithmetic as outlook_arithmetic
from coverage.outlook import statuses as outlook
from coverage.rankings import statuses


def thresholds(request) -> dict:
    # The legend is a callable: a template that shows it calls it, the other pages pay nothing for it.
    return {"thresholds": {"stale_after_months": statuses.STALE_AFTER_MONTHS,
                           "close_within_points": statuses.CLOSE_WITHIN_POINTS,
                           "base_at_least_months": outlook_arithmetic.BASE_AT_LEAST_MONTHS,
                           "base_within_months": outlook_arithmetic.BASE_WITHIN_MONTHS},
            "outlook_legend": outlook.legend}
