"""The plausibility check (like DHIS2's outlier check): figures that move too far from the previous snapshot."""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from coverage import wording
from coverage.arithmetic import coverage_percent

# A move larger than these from the regency's previous snapshot needs the user's confirmation and a note.
MAX_COVERAGE_MOVE_POINTS = Decimal("10")
MAX_WORKING_POPULATION_MOVE_PER_MILLE = 200  # 20%, compared in integers
MAX_WORKING_POPULATION_MOVE_PERCENT = Decimal(MAX_WORKING_POPULATION_MOVE_PER_MILLE) / 10


@dataclass(frozen=True)
class PlausibilityWarning:
    code: str
    message: str


def plausibility_warnings(*, previous, participants: int, working_population: int) -> list[PlausibilityWarning]:
    """Warnings for new figures against the previous snapshot (None: nothing to compare, no warning).

    A previous figure of a file's own, not judged yet, may have a working population of 0, which its own
    row is refused for: it is nothing to compare with either.
    """
    if previous is None or not working_population or not previous.working_population:
        return []
    warnings = []
    old_coverage = previous.coverage_percent
    new_coverage = coverage_percent(participants, working_population)
    if abs(new_coverage - old_coverage) > MAX_COVERAGE_MOVE_POINTS:
        warnings.append(PlausibilityWarning(
            "coverage_jump",
            _("Coverage moves from %(old)s%% to %(new)s%% since %(date)s, more than %(limit)s points.") % {
                "old": wording.number(old_coverage), "new": wording.number(new_coverage),
                "date": wording.day(previous.as_of), "limit": wording.number(MAX_COVERAGE_MOVE_POINTS),
            },
        ))
    # |new - old| / old > 20%  <=>  1000 * |new - old| > 200 * old.
    old_population = previous.working_population
    if 1000 * abs(working_population - old_population) > MAX_WORKING_POPULATION_MOVE_PER_MILLE * old_population:
        warnings.append(PlausibilityWarning(
            "working_population_jump",
            _("Working population moves from %(old)s to %(new)s since %(date)s, more than %(limit)s%%.") % {
                "old": wording.number(old_population), "new": wording.number(working_population),
                "date": wording.day(previous.as_of), "limit": wording.number(MAX_WORKING_POPULATION_MOVE_PERCENT),
            },
        ))
    return warnings
