"""Every page has the language switch, and it brings the user back to the same URL with its query string."""
import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/provinces/51/?as_of=2025-06-30&source=rpjmd", "/regencies/51.03/", "/history/?province=51&page=1",
         "/rankings/?province=51"]


@pytest.mark.parametrize("path", PAGES)
def test_switch_keeps_the_current_url_with_its_query(signed_in, known_bali, path):
    body = signed_in.get(path).content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert f'name="next" type="hidden" value="{path.replace("&", "&amp;")}"' in body

    response = signed_in.post("/i18n/setlang/", {"language": "en", "next": path})
    assert (response.status_code, response["Location"]) == (302, path)
    assert signed_in.get(path).content.decode().count('lang="en"') == 1


def test_not_found_page_has_the_switch_too(signed_in, known_bali):
    assert 'action="/i18n/setlang/"' in signed_in.get("/regencies/00.00/").content.decode()
