"""A page shown as of today whose newest figure is old says so and links to the newest cut-off."""
import datetime

import pytest

from coverage.rankings.statuses import figures_behind

pytestmark = pytest.mark.django_db

PAGES = ["/", "/rankings/", "/rankings/?province=51", "/rankings/provinces/", "/provinces/51/", "/regencies/51.03/"]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_of_today_with_june_2025_figures_links_to_30_june_2025(signed_in, known_bali, url):
    body = signed_in.get(url).content.decode()
    # The newest cut-off comes first, then the link to it; the explanation follows.
    assert "<strong>Angka terbaru: 30 Juni 2025.</strong>" in body
    assert 'as_of=2025-06-30">Tampilkan angka per 30 Juni 2025</a>' in body


@pytest.mark.parametrize("url", PAGES)
def test_no_notice_as_of_the_newest_cut_off(signed_in, known_bali, url):
    separator = "&" if "?" in url else "?"
    body = signed_in.get(f"{url}{separator}as_of=2025-06-30").content.decode()
    assert "Angka terbaru:" not in body


def test_figures_behind_when_stale_or_of_an_earlier_year_than_the_targets():
    december, june = datetime.date(2025, 12, 31), datetime.date(2025, 6, 30)
    assert figures_behind(as_of=datetime.date(2026, 1, 10), newest=december)  # the 2026 targets, a 2025 figure
    assert figures_behind(as_of=datetime.date(2025, 11, 30), newest=june)  # stale
    assert not figures_behind(as_of=datetime.date(2025, 8, 15), newest=june)
    assert not figures_behind(as_of=datetime.date(2025, 8, 15), newest=None)  # no figure at all: the page says so
