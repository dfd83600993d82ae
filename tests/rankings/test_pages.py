"""The ranking pages: order, words and links, both languages' numbers, stale and no-data rows, bad parameters."""
import re

import pytest
from django.urls import reverse

from tests.factories import RegencyFactory, SnapshotFactory

pytestmark = pytest.mark.django_db

MARCH = "2025-03-31"


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _names_in_order(response):
    return [row.regency for row in (bound.record for bound in response.context["table"].page.object_list)]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("rankings", "province_rankings"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_regency_ranking_of_bali_in_order_with_status_words_and_links(official_client, bali_published):
    response = official_client.get("/rankings/", {"province": "51", "as_of": MARCH})
    assert response.status_code == 200
    assert _names_in_order(response)[0] == "Kabupaten Badung"
    assert _names_in_order(response)[-1] == "Kabupaten Bangli"
    html = response.content.decode()
    assert '<a href="/regencies/51.03/">Kabupaten Badung</a>' in html
    # One province's ranking leaves its province column out; the national one links each row's province.
    assert '<a href="/provinces/51/">Bali</a>' not in html
    assert '<a href="/provinces/51/">Bali</a>' in official_client.get("/rankings/", {"as_of": MARCH}).content.decode()
    assert html.count('<span class="status behind">tertinggal</span>') == 9 + 2  # rows, summary and legend
    assert re.search(r'<tr class="highest">.*?Kabupaten Badung.*?tertinggi', html, re.S)
    assert re.search(r'<tr class="lowest">.*?Kabupaten Bangli.*?terendah', html, re.S)


def test_indonesian_and_english_formatting_of_the_same_figures(official_client, bali_published):
    html = official_client.get("/rankings/provinces/", {"as_of": MARCH}).content.decode()
    assert ">935.079<" in html and ">1.873.899<" in html and ">49,90<" in html and ">67,28<" in html
    official_client.cookies["django_language"] = "en"
    html = official_client.get("/rankings/provinces/", {"as_of": MARCH}).content.decode()
    assert ">935,079<" in html and ">1,873,899<" in html and ">49.90<" in html and ">67.28<" in html
    assert "9 of 9" in html


def test_change_since_previous_is_signed_and_localised(official_client, bali_published):
    html = official_client.get("/rankings/", {"province": "51", "as_of": MARCH}).content.decode()
    # Badung: 58.68% now, 166,056 of 285,846 (58.09%) a month earlier.
    assert re.search(r"Kabupaten Badung.*?>\+0,59<", html, re.S)
    official_client.cookies["django_language"] = "en"
    html = official_client.get("/rankings/", {"province": "51", "as_of": MARCH}).content.decode()
    assert re.search(r"Kabupaten Badung.*?>\+0\.59<", html, re.S)
    assert re.search(r"Kabupaten Badung.*?>167,734<.*?>285,846<.*?>58\.68<.*?>67\.28<.*?>8\.60<.*?>24,584<", html, re.S)


def test_stale_figures_and_regencies_without_data_are_marked(official_client, english, bali):
    old = RegencyFactory(province=bali, code="51.01", name="Kabupaten Jembrana")
    RegencyFactory(province=bali, code="51.02", name="Kabupaten Tabanan")
    SnapshotFactory(regency=old, as_of="2024-10-31")
    html = official_client.get("/rankings/", {"province": "51", "as_of": MARCH}).content.decode()
    assert re.search(r"Kabupaten Jembrana.*?31 Oct 2024 <span class=\"badge stale\"", html, re.S)
    assert re.search(r'<tr class="no-data">.*?Kabupaten Tabanan.*?no data: no figure on or before this date',
                     html, re.S)


def test_sorting_by_a_column_keeps_regencies_without_data_last(official_client, bali_published):
    RegencyFactory(province=bali_published, code="51.99", name="Kabupaten Tanpa Data")
    response = official_client.get("/rankings/", {"province": "51", "as_of": MARCH, "sort": "-participants_needed"})
    names = _names_in_order(response)
    assert names[0] == "Kota Denpasar" or names[0] == "Kabupaten Buleleng"
    needed = [bound.record.participants_needed for bound in response.context["table"].page.object_list]
    assert needed[:-1] == sorted(needed[:-1], reverse=True)
    assert names[-1] == "Kabupaten Tanpa Data"
    response = official_client.get("/rankings/", {"province": "51", "as_of": MARCH, "sort": "participants_needed"})
    assert _names_in_order(response)[-1] == "Kabupaten Tanpa Data"


def test_national_list_is_paginated(official_client, regions):
    response = official_client.get("/rankings/")
    table = response.context["table"]
    assert (len(table.page.object_list), table.paginator.num_pages) == (50, 11)
    response = official_client.get("/rankings/", {"page": "11"})
    assert len(response.context["table"].page.object_list) == 14
    response = official_client.get("/rankings/", {"page": "0"})
    assert response.context["table"].page.number == 1
    response = official_client.get("/rankings/", {"page": "12"})
    assert response.context["table"].page.number == 11
    response = official_client.get("/rankings/", {"per_page": "600"})
    assert len(response.context["table"].page.object_list) == 514


@pytest.mark.parametrize(("path", "query", "message"), [
    ("/rankings/", {"province": "99"}, "There is no province with the code “99”; all provinces are shown."),
    ("/rankings/", {"as_of": "31-03-2025"}, "The date must be written as YYYY-MM-DD, e.g. 2025-03-31; today is used."),
    ("/rankings/", {"as_of": "2025-02-30"}, "The date must be written as YYYY-MM-DD, e.g. 2025-03-31; today is used."),
    ("/rankings/", {"as_of": "2999-01-01"}, "The date cannot be in the future; today is used."),
    ("/rankings/", {"as_of": "2013-12-31"}, "There are no figures before 1 January 2014; today is used."),
    ("/rankings/", {"source": "bappenas"}, "“bappenas” is not a target source; Kemendagri is used."),
    ("/rankings/", {"sort": "salary"}, "The table cannot be sorted by “salary”; it is shown in its usual order."),
    ("/rankings/", {"page": "99"}, "There is no page “99”; page 1 of 1 is shown."),
    ("/rankings/", {"page": "x"}, "There is no page “x”; page 1 of 1 is shown."),
    ("/rankings/", {"per_page": "0"}, "Rows per page must be a number from 1 to 600; 50 are shown."),
    ("/rankings/", {"_export": "pdf"}, "“pdf” is not an export format; choose CSV or XLSX. The page is shown instead."),
    ("/rankings/provinces/", {"as_of": "2025-3-31x"},
     "The date must be written as YYYY-MM-DD, e.g. 2025-03-31; today is used."),
    ("/rankings/provinces/", {"source": "x"}, "“x” is not a target source; Kemendagri is used."),
    ("/rankings/provinces/", {"sort": "regency"},
     "The table cannot be sorted by “regency”; it is shown in its usual order."),
    ("/rankings/provinces/", {"page": "2"}, "There is no page “2”; page 1 of 1 is shown."),
    ("/rankings/provinces/", {"_export": "json"},
     "“json” is not an export format; choose CSV or XLSX. The page is shown instead."),
])
def test_a_bad_parameter_gives_the_page_with_a_message(english, bali_published, path, query, message):
    response = english.get(path, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert _messages(response) == [message]
    assert message.replace("“", "&ldquo;") in response.content.decode() or message in response.content.decode()


def test_a_bad_parameter_falls_back_to_its_default_and_keeps_the_others(english, bali_published):
    response = english.get("/rankings/", {"province": "51", "as_of": "yesterday"})
    assert response.context["filter"].province.code == "51"
    assert len(_names_in_order(response)) == 9


def test_messages_are_translated(official_client, bali_published):
    response = official_client.get("/rankings/", {"province": "99"})
    assert _messages(response) == ["Tidak ada provinsi dengan kode “99”; semua provinsi ditampilkan."]


def test_nav_links_to_both_rankings(official_client, bali_published):
    html = official_client.get("/").content.decode()
    assert 'href="/rankings/"' in html and 'href="/rankings/provinces/"' in html


def _national_history(regions_count, months):
    from coverage.models import Regency
    for regency in Regency.objects.all()[:regions_count]:
        for month in range(months):
            SnapshotFactory(regency=regency, as_of=f"{2023 + month // 12}-{1 + month % 12:02d}-28")


@pytest.mark.parametrize("path", ["/rankings/?province=51", "/rankings/", "/rankings/provinces/",
                                  "/rankings/?_export=csv", "/rankings/provinces/?_export=xlsx"])
def test_queries_of_pages_and_exports_are_fixed(official_client, bali_published, django_assert_max_num_queries, path):
    def get():
        response = official_client.get(path + ("&" if "?" in path else "?") + "as_of=2025-03-31")
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    # 9 for the page (the data version, then the ranking's four, one of them the outlook's base figures), and 2
    # for the navigation's check whether the user may enter figures (the entry link).
    with django_assert_max_num_queries(11):
        get()
    # The ranking again, unchanged: its rows come from the cache, under the same data version.
    with django_assert_max_num_queries(7):
        get()
    _national_history(9, 20)
    RegencyFactory.create_batch(20, province=bali_published)
    with django_assert_max_num_queries(11):
        get()
