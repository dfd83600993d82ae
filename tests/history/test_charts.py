"""The SVG chart: positions and labels for known data, in both languages, and its markup."""
import datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from coverage.history.charts import coverage_chart

JAN_2024, JUL_2024, JAN_2025 = datetime.date(2024, 1, 1), datetime.date(2024, 7, 1), datetime.date(2025, 1, 1)
POINTS = [(JAN_2025, Decimal("52.00")), (JAN_2024, Decimal("40.00")), (JUL_2024, Decimal("45.50"))]
TARGETS = {2023: Decimal("50.00"), 2024: Decimal("60.00"), 2025: Decimal("67.28")}


def chart(language="en", **kwargs):
    with translation.override(language):
        return coverage_chart(**{"points": POINTS, "targets": TARGETS, "title": "Bali", **kwargs})


def test_points_are_placed_by_date_and_value():
    # x: 56 + days/366 x 544 (2024 is a leap year); y: 262 - value/70 x 242 (the axis tops out at 70%).
    assert [(p.as_of, p.x, p.y) for p in chart().points] == [
        (JAN_2024, 56.0, 123.7), (JUL_2024, 326.5, 104.7), (JAN_2025, 600.0, 82.2),
    ]
    assert chart().path == "M56 123.7 L326.5 104.7 L600 82.2"


def test_axis_starts_at_zero_and_reaches_above_the_highest_target():
    assert [(t.position, t.label) for t in chart().y_ticks] == [
        (262.0, "0%"), (227.4, "10%"), (192.9, "20%"), (158.3, "30%"),
        (123.7, "40%"), (89.1, "50%"), (54.6, "60%"), (20.0, "70%"),
    ]


def test_one_target_line_per_year_within_the_cut_offs():
    lines = chart().targets
    assert [(t.year, t.x1, t.x2, t.y) for t in lines] == [(2024, 56.0, 600.0, 54.6), (2025, 588.0, 600.0, 29.4)]
    assert [t.label for t in lines] == ["Target 2024: 60.00%", "Target 2025: 67.28%"]


def test_labels_follow_the_language():
    english, indonesian = chart("en"), chart("id")
    assert [t.label for t in english.x_ticks] == ["Jan 2024", "Jul 2024", "Jan 2025"]
    assert [t.label for t in indonesian.x_ticks] == ["Jan 2024", "Jul 2024", "Jan 2025"]
    assert indonesian.points[1].label == "1 Juli 2024: 45,50%"
    assert [t.label for t in chart("id", points=[(datetime.date(2024, 8, 31), Decimal(1))]).x_ticks] == ["Agu 2024"]
    assert english.points[1].label == "1 July 2024: 45.50%"
    assert indonesian.targets[1].label == "Target 2025: 67,28%"
    assert indonesian.desc == (
        "Cakupan berubah dari 40,00% pada 1 Januari 2024 menjadi 52,00% pada 1 Januari 2025. "
        "Target 2024: 60,00%; Target 2025: 67,28%."
    )


def test_at_most_five_date_labels_and_always_the_latest():
    points = [(datetime.date(2024, m, 1), Decimal("40")) for m in range(1, 13)]
    labels = [t.label for t in chart(points=points, targets={}).x_ticks]
    assert labels == ["Mar 2024", "Jun 2024", "Sep 2024", "Dec 2024"]


def test_a_single_cut_off_is_centred():
    only = chart(points=[(JUL_2024, Decimal("5.00"))], targets={})
    assert [(p.x, p.y) for p in only.points] == [(328.0, 141.0)]  # axis 0..10%
    assert only.targets == []


def test_no_points_no_chart():
    assert chart(points=[]) is None


def test_svg_has_title_desc_and_no_inline_style():
    with translation.override("id"):
        svg = render_to_string("coverage/history/_chart.html", {"chart": chart("id"), "chart_id": "trend"})
    assert 'aria-labelledby="trend-title trend-desc"' in svg
    assert '<title id="trend-title">Bali</title>' in svg
    assert 'cx="326.5" cy="104.7"' in svg  # coordinates never localised to "326,5"
    assert "style=" not in svg and "<script" not in svg


def test_the_projection_is_a_dashed_line_to_31_december_and_the_dates_reach_it():
    dec = datetime.date(2025, 12, 31)
    projected = chart(projection=[(JAN_2025, Decimal("52.00")), (dec, Decimal("61.50"))])
    start, end = projected.projection
    assert (start.x, start.y, end.x) == (projected.points[-1].x, projected.points[-1].y, 600.0)
    assert projected.points[0].x == 56.0 and projected.points[-1].x < 600  # the cut-offs leave room for it
    assert end.label == "Projected at the recent pace: 61.50% on 31 December 2025"
    assert projected.desc.endswith("Projected at the recent pace: 61.50% on 31 December 2025.")
    assert projected.x_ticks[-1].label == "Dec 2025"
    # The 2025 target now runs across the whole year, beside the projection.
    assert [(t.year, t.x2) for t in projected.targets][-1] == (2025, 600.0)
    with translation.override("id"):
        svg = render_to_string("coverage/history/_chart.html", {"chart": projected, "chart_id": "trend"})
    assert 'class="chart-projection"' in svg and ">61,50%<" in svg  # its label in the language, coordinates not


def test_no_projection_no_dashed_line():
    assert chart().projection is None
