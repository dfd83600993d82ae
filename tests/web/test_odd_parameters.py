"""Parameters that look like numbers or codes but are not: a page that exists, or a 404, never a server error."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/history/", "/rankings/", "/rankings/provinces/"])
@pytest.mark.parametrize("parameter", ["page", "per_page"])
@pytest.mark.parametrize("value", ["²", "9" * 40])  # a superscript two (str.isdigit() takes it), absurdly long
def test_digits_that_are_not_ascii_show_a_page_that_exists(signed_in, known_bali, path, parameter, value):
    response = signed_in.get(path, {parameter: value})
    assert response.status_code == 200
    assert response.context["table"].page.number >= 1
    assert [str(message) for message in response.context["messages"]]  # and says why


@pytest.mark.parametrize("path", ["/provinces/51%00/", "/regencies/51.03%00/", "/provinces/5%201/",
                                  "/regencies/51.0301/"])
def test_a_code_with_characters_no_code_has_is_not_found(signed_in, known_bali, path):
    response = signed_in.get(path)
    assert response.status_code == 404
    assert "Tidak ada" in response.content.decode()  # the app's own page, naming what was not found


@pytest.mark.parametrize(("model", "data", "message"), [
    ("province", {"code": "5x", "name": "Provinsi Baru"}, "Kode provinsi terdiri atas dua angka, misalnya 51."),
    ("regency", {"code": "51-99", "name": "Kabupaten Baru", "kind": "kabupaten"},
     "Kode kabupaten/kota ditulis seperti 51.03."),
])
def test_the_admin_refuses_a_code_that_is_not_kemendagri_shaped(admin_client, bali, model, data, message):
    from django.urls import reverse

    from coverage.models import Province, Regency

    if model == "regency":
        data["province"] = bali.pk
    before = Province.objects.count() + Regency.objects.count()
    response = admin_client.post(reverse(f"admin:coverage_{model}_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Province.objects.count() + Regency.objects.count() == before
