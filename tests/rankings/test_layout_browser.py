"""In headless Chromium at a phone's 390 px and a laptop's 1280 px: the key figures are in view, nothing is clipped."""
import datetime

import pytest

from tests.browser import MARKS, OVERFLOW, signed_in_page, sync_api
from tests.factories import SnapshotFactory

pytestmark = MARKS

# The labels of a phone's cards (drawn before each figure) that would lose their end: too wide for their cell and
# kept on one line.
CUT_LABELS = """cells => cells.filter(cell => {
  const style = getComputedStyle(cell, "::before");
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;  // "font" is empty with tabular-nums
  return style.whiteSpace === "nowrap" && context.measureText(cell.dataset.label).width > cell.clientWidth;
}).map(cell => cell.dataset.label)"""


@pytest.mark.parametrize("language", ["id", "en"])
def test_history_tables_fit_a_phone_with_coverage_in_view(live_server, known_bali, pejabat, language):
    with sync_api.sync_playwright() as playwright:
        browser, page = signed_in_page(
            playwright, live_server, pejabat.username, "/regencies/51.03/?as_of=2025-06-30",
            language=language, width=390, height=800)
        try:
            for path, table in [("/regencies/51.03/?as_of=2025-06-30", "table.history-rows"),
                                ("/regencies/51.03/?as_of=2025-06-30", "table.targets"),
                                ("/history/?province=51", "table.history"),
                                ("/provinces/51/?as_of=2025-06-30", "table.trend")]:
                page.goto(f"{live_server.url}{path}")
                assert page.locator(table).evaluate(OVERFLOW) == 0, path
                coverage = page.locator(f"{table} tbody tr:first-child td.key").bounding_box()
                assert coverage["x"] >= 0 and coverage["x"] + coverage["width"] <= 390, path
            assert page.evaluate("document.documentElement.scrollWidth") == 390
        finally:
            browser.close()


@pytest.mark.parametrize("language", ["id", "en"])
def test_rankings_show_every_status_at_1280_px(live_server, known_bali, pejabat, language):
    with sync_api.sync_playwright() as playwright:
        browser, page = signed_in_page(
            playwright, live_server, pejabat.username, "/rankings/?as_of=2025-06-30",
            language=language, width=1280, height=800)
        try:
            for path in ("/rankings/?as_of=2025-06-30", "/rankings/provinces/?as_of=2025-06-30", "/history/"):
                page.goto(f"{live_server.url}{path}")
                assert page.locator("table").first.evaluate(OVERFLOW) == 0, path
            page.goto(f"{live_server.url}/rankings/?as_of=2025-06-30")
            badge = page.locator("td.status-cell .status").first.bounding_box()
            assert badge["x"] + badge["width"] <= 1280
        finally:
            browser.close()


@pytest.mark.parametrize("language", ["id", "en"])
def test_phone_cards_show_every_label_whole(live_server, known_bali, pejabat, language):
    with sync_api.sync_playwright() as playwright:
        browser, page = signed_in_page(
            playwright, live_server, pejabat.username, "/rankings/?as_of=2025-06-30",
            language=language, width=390, height=800)
        try:
            for path in ("/rankings/?as_of=2025-06-30", "/provinces/51/?as_of=2025-06-30"):
                page.goto(f"{live_server.url}{path}")
                assert page.locator("table.ranking td[data-label]").evaluate_all(CUT_LABELS) == [], path
        finally:
            browser.close()


def test_a_phone_chart_labels_its_targets_without_overlap(live_server, known_bali, pejabat):
    # Two months of 2024 before 2025's figures: 2024's stretch of the chart is far narrower than its label.
    for as_of in (datetime.date(2024, 10, 31), datetime.date(2024, 11, 30)):
        SnapshotFactory(regency=known_bali["51.03"], as_of=as_of, participants=160_000, working_population=285_846)
    with sync_api.sync_playwright() as playwright:
        browser, page = signed_in_page(
            playwright, live_server, pejabat.username, "/regencies/51.03/?as_of=2025-06-30",
            language="id", width=390, height=800)
        try:
            assert page.locator(".chart-target").count() == 2  # both years keep their line
            labels = [label.bounding_box() for label in page.locator(".chart-target-label").all() if label.is_visible()]
            axis = [label.bounding_box() for label in page.locator(".chart-y-label").all()]
            assert labels
            for index, box in enumerate(labels):
                others = labels[index + 1:] + axis
                assert not any(_overlap(box, other) for other in others)
        finally:
            browser.close()


def _overlap(a, b):
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
