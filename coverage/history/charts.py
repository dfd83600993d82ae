"""Server-rendered SVG line charts of coverage over cut-offs, with the yearly target lines and the outlook's
dashed projection to 31 December."""
import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _

# The drawing in SVG user units; the page scales it to its width (viewBox).
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 600, 20, 262
Y_STEP = 10  # percentage points between horizontal grid lines; the axis always starts at 0%
MAX_X_LABELS = 5
MIN_TARGET_WIDTH = 12  # a year seen at a single cut-off still gets a visible stroke
MIN_X_LABEL_GAP = 70  # the projection's date label is left out when it would run into the latest cut-off's


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class ChartPoint:
    as_of: datetime.date
    value: Decimal
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class TargetLine:
    year: int
    percent: Decimal
    x1: float
    x2: float
    y: float
    label: str


@dataclass(frozen=True)
class LineChart:
    title: str
    desc: str
    points: list[ChartPoint]
    targets: list[TargetLine]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    # The dashed line from the measured figure to the projected coverage on 31 December (its end carries the label).
    projection: tuple[ChartPoint, ChartPoint] | None = None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:g} {p.y:g}" for i, p in enumerate(self.points))


def _percent(value: Decimal) -> str:
    return f"{localize(value)}%"


def _x_scale(first: datetime.date, last: datetime.date):
    span = (last - first).days
    if span == 0:
        return lambda d: round((LEFT + RIGHT) / 2, 1)
    return lambda d: round(LEFT + (d - first).days / span * (RIGHT - LEFT), 1)


def _y_scale(top_value: int):
    return lambda v: round(BOTTOM - float(v) / top_value * (BOTTOM - TOP), 1)


def _x_tick_indexes(count: int, most: int = MAX_X_LABELS) -> list[int]:
    """At most `most` evenly spread labels, always including the latest cut-off."""
    step = math.ceil(count / most)
    return sorted(range(count - 1, -1, -step))


def coverage_chart(
    *, points: Sequence[tuple[datetime.date, Decimal]], targets: Mapping[int, Decimal], title: str,
    projection: Sequence[tuple[datetime.date, Decimal]] | None = None,
) -> LineChart | None:
    """The chart of coverage % at each cut-off, with each year's target as a horizontal line.

    `points` are (cut-off, coverage %) pairs; `targets` maps a year to its target %. Only the years
    within the cut-offs shown get a line. `projection`, two (date, coverage %) pairs, is the outlook's dashed
    line from a figure to 31 December; the dates shown then reach to its end. Labels follow the active
    language. None without points.
    """
    if not points:
        return None
    points = sorted(points)
    first, last = points[0][0], max(points[-1][0], projection[-1][0] if projection else points[-1][0])
    shown_targets = {year: pct for year, pct in sorted(targets.items()) if first.year <= year <= last.year}
    highest = max([value for _, value in points] + list(shown_targets.values())
                  + [value for _, value in projection or ()])
    top_value = min(100, max(Y_STEP, math.ceil(highest / Y_STEP) * Y_STEP))
    x, y = _x_scale(first, last), _y_scale(top_value)

    chart_points = [
        ChartPoint(as_of, value, x(as_of), y(value), f"{date_format(as_of, 'j F Y')}: {_percent(value)}")
        for as_of, value in points
    ]
    target_lines = []
    for year, pct in shown_targets.items():
        # Each year's line runs to the next year's start, so that a change of target reads as a step.
        x1, x2 = x(max(first, datetime.date(year, 1, 1))), x(min(last, datetime.date(year + 1, 1, 1)))
        label = _("Target %(year)s: %(percent)s") % {"year": year, "percent": _percent(pct)}
        target_lines.append(TargetLine(year, pct, min(x1, x2 - MIN_TARGET_WIDTH), x2, y(pct), label))
    # With a projection the cut-offs take only part of the width: fewer labels, as far apart as without one.
    share = (chart_points[-1].x - LEFT) / (RIGHT - LEFT) if projection else 1
    x_ticks = [
        Tick(chart_points[i].x, date_format(chart_points[i].as_of, "M Y"))
        for i in _x_tick_indexes(len(points), max(2, math.floor(MAX_X_LABELS * share)))
    ]
    y_ticks = [Tick(y(v), f"{v}%") for v in range(0, top_value + 1, Y_STEP)]

    desc = _("Coverage went from %(first)s on %(first_date)s to %(last)s on %(last_date)s.") % {
        "first": _percent(points[0][1]), "first_date": date_format(first, "j F Y"),
        "last": _percent(points[-1][1]), "last_date": date_format(points[-1][0], "j F Y"),
    }
    if target_lines:
        desc += " " + "; ".join(line.label for line in target_lines) + "."
    projected = None
    if projection:
        (start, start_value), (end, end_value) = projection
        label = _("Projected at the recent pace: %(percent)s on %(date)s") % {
            "percent": _percent(end_value), "date": date_format(end, "j F Y"),
        }
        projected = (ChartPoint(start, start_value, x(start), y(start_value), ""),
                     ChartPoint(end, end_value, x(end), y(end_value), label))
        desc += " " + label + "."
        if x(end) - x_ticks[-1].position >= MIN_X_LABEL_GAP:
            x_ticks.append(Tick(x(end), date_format(end, "M Y")))
    return LineChart(title=title, desc=desc, points=chart_points, targets=target_lines,
                     x_ticks=x_ticks, y_ticks=y_ticks, projection=projected)
