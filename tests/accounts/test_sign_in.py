"""Signing in and out, lock-out after repeated failures, and how passwords are stored."""

import runpy

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from fairinspect import settings as production_settings
from fairinspect.accounts.roles import Role
from tests.factories import PASSWORD
from tests.html import attribute, find, find_all, page, text

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
SIGN_OUT = reverse("accounts:sign-out")
HOME = reverse("accounts:home")


def sign_in(client, username, password):
    return client.post(SIGN_IN, {"username": username, "password": password})


def error_summary_links(response) -> dict[str, str]:
    summary = find(page(response), cls="govuk-error-summary")
    return {text(link): attribute(link, "href") for link in find_all(summary, "a")}


def test_right_password_signs_in_and_goes_to_the_home_page(client, make_user):
    user = make_user(Role.SCHEDULER)
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == HOME
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_in_returns_to_the_page_that_asked_for_it(client, make_user):
    user = make_user(Role.SCHEDULER)
    response = client.post(f"{SIGN_IN}?next={HOME}", {"username": user.username, "password": PASSWORD, "next": HOME})
    assert response["Location"] == HOME


def test_wrong_password_is_shown_by_the_password_box_and_linked_from_the_error_summary(client, make_user):
    user = make_user(Role.SCHEDULER)
    response = sign_in(client, user.username, "not the password")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    message = "The username or password is not right. Both are case-sensitive."
    assert error_summary_links(response) == {message: "#id_password"}
    assert text(find(page(response), id="id_password-error")) == f"Error: {message}"
    assert text(find(find(page(response), "head"), "title")).startswith("Error: Sign in")


def test_empty_form_names_both_missing_answers(client):
    response = sign_in(client, "", "")
    assert error_summary_links(response) == {
        "Enter your username": "#id_username",
        "Enter your password": "#id_password",
    }


def test_repeated_failures_lock_the_account_and_even_the_right_password_is_refused(client, make_user):
    user = make_user(Role.SCHEDULER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, user.username, "wrong").status_code == 200

    locked = sign_in(client, user.username, "wrong")
    assert locked.status_code == 429
    assert text(find(page(locked), "h1")) == "You cannot sign in for now"

    right = sign_in(client, user.username, PASSWORD)
    assert right.status_code == 429
    assert SESSION_KEY not in client.session


def test_other_accounts_can_still_sign_in_while_one_is_locked(client, make_user):
    locked_user, other = make_user(Role.SCHEDULER), make_user(Role.SCHEDULER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, locked_user.username, "wrong")
    assert sign_in(client, other.username, PASSWORD).status_code == 302


def test_sign_out_page_asks_for_confirmation_and_a_get_does_not_sign_out(client, make_user):
    user = make_user(Role.SCHEDULER)
    client.force_login(user)
    response = client.get(SIGN_OUT)
    assert response.status_code == 200
    form = find(page(response), "form")
    assert attribute(form, "method") == "post" and attribute(form, "action") == SIGN_OUT
    assert client.session[SESSION_KEY] == str(user.pk)


def test_signing_out_by_post_ends_the_session(client, make_user):
    client.force_login(make_user(Role.SCHEDULER))
    response = client.post(SIGN_OUT)
    assert response.status_code == 302 and response["Location"] == reverse(settings.LOGOUT_REDIRECT_URL)
    assert SESSION_KEY not in client.session
    assert client.get(HOME).status_code == 302


def test_production_settings_hash_passwords_with_argon2():
    hasher = import_string(production_settings.PASSWORD_HASHERS[0])()
    encoded = hasher.encode("a long pass phrase", hasher.salt())
    assert hasher.algorithm == "argon2" and encoded.startswith("argon2$argon2id$")
    assert hasher.verify("a long pass phrase", encoded)
    assert not hasher.verify("a wrong pass phrase", encoded)


def settings_from_the_environment(monkeypatch, **environment) -> dict:
    """The production settings module, run afresh with these environment variables set."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(production_settings.__file__)


PROXY = "10.0.0.1"  # the address every request behind the TLS proxy comes from


@pytest.mark.parametrize(
    ("environment", "forwarded_for"),
    [
        ({}, {"mallory": "203.0.113.5", "alice": "198.51.100.7"}),
        # A CDN in front of the load balancer: the header names the visitor, then the CDN.
        ({"TLS_PROXY_COUNT": "2"}, {"mallory": "203.0.113.5, 192.0.2.10", "alice": "198.51.100.7, 192.0.2.10"}),
        ({"TLS_PROXY_CLIENT_ADDRESS_HEADER": "X-Real-IP"}, {"mallory": "203.0.113.5", "alice": "198.51.100.7"}),
    ],
    ids=["one proxy", "two proxies", "a header of the proxy's choosing"],
)
def test_behind_a_tls_proxy_visitors_are_locked_out_by_their_own_address(
    monkeypatch, settings, make_user, environment, forwarded_for
):
    """Without this, every visitor has the proxy's address: anyone failing five times locks a user out for all."""
    proxied = settings_from_the_environment(monkeypatch, BEHIND_TLS_PROXY="1", **environment)
    for name in ("AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT"):
        setattr(settings, name, proxied[name])
    header = proxied["AXES_IPWARE_META_PRECEDENCE_ORDER"][0]
    mallory, alice = (Client(REMOTE_ADDR=PROXY, **{header: forwarded_for[name]}) for name in ("mallory", "alice"))
    user = make_user(Role.SCHEDULER)

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(mallory, user.username, "wrong")

    assert sign_in(mallory, user.username, PASSWORD).status_code == 429
    assert sign_in(alice, user.username, PASSWORD).status_code == 302
    # A visitor writing the header themselves, to pass for Alice, is not taken for her.
    spoofed = forwarded_for["alice"].split(", ")[0]
    spoofing = Client(REMOTE_ADDR=PROXY, **{header: f"{spoofed}, {forwarded_for['mallory']}"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(spoofing, user.username, "wrong")
    alice.logout()
    assert sign_in(alice, user.username, PASSWORD).status_code == 302


def test_behind_a_tls_proxy_there_is_at_least_one(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="TLS_PROXY_COUNT=0"):
        settings_from_the_environment(monkeypatch, BEHIND_TLS_PROXY="1", TLS_PROXY_COUNT="0")


def test_without_a_secret_key_only_a_debug_run_starts_and_it_makes_a_key_of_its_own(monkeypatch):
    """A fixed key, public in the source, would let anyone who can reach a demo forge its sessions."""
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        settings_from_the_environment(monkeypatch, DEBUG="0")

    keys = [settings_from_the_environment(monkeypatch, DEBUG="1")["SECRET_KEY"] for _ in range(2)]
    assert keys[0] != keys[1] and min(map(len, keys)) >= 50
