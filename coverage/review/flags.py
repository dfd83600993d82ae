"""What makes a supervisor look twice at a figure, each named in words: a jump, an unusual change, a new working
population, a missing breakdown."""
import itertools
import math
import statistics
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# An unusual change: its modified z-score (Iglewicz and Hoaglin) against the regency's own last changes is above
# this, the threshold they recommend for outliers. Fewer changes than MIN_CHANGES say nothing about what is usual.
OUTLIER_Z = 3.5
CHANGES_COMPARED = 12
MIN_CHANGES = 4
# When half the changes are equal (MAD 0), the mean absolute deviation stands in, scaled to the same unit.
MEAN_AD_SCALE = 1.253314


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    detail: str = ""


def modified_z(change: int, usual: list[int]) -> float | None:
    """How far `change` is from the regency's usual changes, in robust standard deviations; None without enough."""
    if len(usual) < MIN_CHANGES:
        return None
    median = statistics.median(usual)
    deviations = [abs(value - median) for value in usual]
    mad = statistics.median(deviations)
    if mad:
        return 0.6745 * (change - median) / mad
    mean_ad = statistics.fmean(deviations)
    if mean_ad:
        return (change - median) / (MEAN_AD_SCALE * mean_ad)
    return 0.0 if change == median else math.inf


def is_unusual(change: int, usual: list[int]) -> bool:
    z = modified_z(change, usual[-CHANGES_COMPARED:])
    return z is not None and abs(z) > OUTLIER_Z


def flags(snapshot, *, previous, history: list, warnings: list[str]) -> list[Flag]:
    """The flags of a figure awaiting review; `history` is the regency's counted figures before it, oldest first."""
    found = [Flag("jump", _("big move"), " ".join(warnings))] if warnings else []
    changes = [later.participants - earlier.participants for earlier, later in itertools.pairwise(history)]
    if previous is not None and is_unusual(snapshot.participants - previous.participants, changes):
        found.append(Flag("unusual", _("unusual"), str(_("The change is unlike this regency's last changes."))))
    if previous is not None and previous.working_population != snapshot.working_population:
        found.append(Flag("population", _("working population changed")))
    if any(getattr(snapshot, name) is None for name in snapshot.SEGMENTS):
        found.append(Flag("segments", _("breakdown missing")))
    return found
