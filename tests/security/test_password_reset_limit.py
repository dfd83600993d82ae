"""Password-reset requests are limited per address and per email address: beyond the limit the page refuses with a
clear message (429) and no mail is sent, whether or not the email address has an account."""
import pytest
from django.core import mail
from django.core.cache import cache

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"
LIMITED_ID = "Terlalu banyak permintaan atur ulang kata sandi"
LIMITED_EN = "Too many password reset requests"


@pytest.fixture
def limits(settings):
    # A cache of this test's own (the test settings have none, so that no count leaks from one test to the next).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "password-reset-limit-tests"}}
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 10
    settings.PASSWORD_RESET_EMAIL_LIMIT = 3
    cache.clear()
    return settings


@pytest.fixture
def colleague(petugas):
    petugas.email = "petugas@example.go.id"
    petugas.save()
    return petugas


def ask(client, email, address="10.0.0.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_one_email_address_gets_three_mails_an_hour_then_a_refusal(client, limits, colleague):
    answers = [ask(client, colleague.email, f"10.0.1.{index}") for index in range(5)]  # from five addresses
    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    assert LIMITED_ID in answers[-1].content.decode()


def test_the_limit_counts_the_same_for_an_email_without_an_account(client, limits):
    # Otherwise the answers would tell which email addresses have an account.
    answers = [ask(client, "nobody@example.go.id", f"10.0.1.{index}") for index in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]


def test_one_address_makes_ten_requests_an_hour_then_is_refused(client, limits, colleague):
    answers = [ask(client, f"person{index}@example.go.id") for index in range(10)]
    assert {a.status_code for a in answers} == {302}
    refused = ask(client, colleague.email)
    assert refused.status_code == 429 and not mail.outbox
    assert ask(client, colleague.email, address="10.0.0.8").status_code == 302  # from elsewhere, as usual
    assert len(mail.outbox) == 1


def test_the_refusal_follows_the_language(client, limits):
    client.cookies["django_language"] = "en"
    *_, refused = [ask(client, "nobody@example.go.id") for _ in range(4)]
    assert refused.status_code == 429 and LIMITED_EN in refused.content.decode()


def test_a_refusal_is_a_security_event(client, limits, caplog):
    for _ in range(4):
        ask(client, "nobody@example.go.id")
    assert ("event=password_reset_limited user=- ip=10.0.0.7 method=POST path=/accounts/password_reset/ "
            "scope=email") in [r.getMessage() for r in caplog.records if r.name == "ucj.security"]
