"""Signing in and out, lock-out after repeated failures, and how passwords are stored."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from fairinspect import settings as production_settings
from fairinspect.accounts.roles import Role
from fairinspect.accounts.visitors import visitor_address
from tests.environment import settings_from_the_environment
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
    assert "You have signed out." in text(page(client.get(response["Location"])))
    assert client.get(HOME).status_code == 302


def test_production_settings_hash_passwords_with_argon2():
    hasher = import_string(production_settings.PASSWORD_HASHERS[0])()
    encoded = hasher.encode("a long pass phrase", hasher.salt())
    assert hasher.algorithm == "argon2" and encoded.startswith("argon2$argon2id$")
    assert hasher.verify("a long pass phrase", encoded)
    assert not hasher.verify("a wrong pass phrase", encoded)


PROXY = "10.0.0.1"  # the address every request behind the TLS proxies comes from: the last proxy's
CDN = "192.0.2.10"  # the proxy in front of that one, when there are two
MALLORY, ALICE = "203.0.113.5", "198.51.100.7"


def forwarded_for(visitor: str, proxies: int, came_with_the_request: tuple[str, ...] = ()) -> str:
    """The client address header as the app receives it: what came with the request, then the address each
    proxy but the last was reached from (the visitor's, then the CDN's)."""
    return ", ".join([*came_with_the_request, visitor, *[CDN] * (proxies - 1)])


def behind_tls_proxies(monkeypatch, settings, **environment) -> str:
    """Apply the production settings for this proxy environment; the request.META key of the client header."""
    proxied = settings_from_the_environment(monkeypatch, BEHIND_TLS_PROXY="1", **environment)
    for name in ("TLS_PROXY_COUNT", "TLS_PROXY_CLIENT_ADDRESS_META_KEY"):
        setattr(settings, name, proxied[name])
    return proxied["TLS_PROXY_CLIENT_ADDRESS_META_KEY"]


@pytest.mark.parametrize(
    ("environment", "mallory_network", "alice_network"),
    [
        ({}, (), ()),
        # Each visitor's own network (a school's web filter, say) adds an entry, some of them the same one.
        ({}, ("10.1.2.3",), ("10.1.2.3", "172.16.5.4")),
        ({"TLS_PROXY_COUNT": "2"}, (), ()),
        ({"TLS_PROXY_COUNT": "2"}, ("10.1.2.3",), ("172.16.5.4", "10.1.2.3")),
        ({"TLS_PROXY_CLIENT_ADDRESS_HEADER": "X-Real-IP"}, (), ()),
    ],
    ids=[
        "one proxy",
        "one proxy, visitors' networks adding entries",
        "a CDN in front of the proxy",
        "a CDN in front of the proxy, visitors' networks adding entries",
        "a header of the proxy's choosing",
    ],
)
def test_behind_tls_proxies_a_visitors_failures_lock_out_only_that_visitor(
    monkeypatch, settings, make_user, environment, mallory_network, alice_network
):
    """Taken by the proxy's address, every visitor would share one lock-out: anyone failing five times would
    lock a user out for everyone."""
    header = behind_tls_proxies(monkeypatch, settings, **environment)
    proxies = settings.TLS_PROXY_COUNT
    mallory = Client(REMOTE_ADDR=PROXY, **{header: forwarded_for(MALLORY, proxies, mallory_network)})
    alice = Client(REMOTE_ADDR=PROXY, **{header: forwarded_for(ALICE, proxies, alice_network)})
    user = make_user(Role.SCHEDULER)

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(mallory, user.username, "wrong")

    assert sign_in(mallory, user.username, PASSWORD).status_code == 429
    assert sign_in(alice, user.username, PASSWORD).status_code == 302
    # Mallory writing Alice's address into the header, to pass for her, is still taken for Mallory.
    spoofing = Client(REMOTE_ADDR=PROXY, **{header: forwarded_for(MALLORY, proxies, (ALICE, *mallory_network))})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert sign_in(spoofing, user.username, "wrong").status_code == 429
    alice.logout()
    assert sign_in(alice, user.username, PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {MALLORY}


@pytest.mark.parametrize(
    ("proxies", "header", "visitor"),
    [
        (1, None, PROXY),
        (1, "unknown", PROXY),
        (1, f"{ALICE}, unknown", PROXY),
        (2, MALLORY, MALLORY),  # a request that reached only the last proxy, which wrote what it saw
        (1, "2001:DB8::7", "2001:db8::7"),
    ],
    ids=["no header", "no address", "no address from the proxy", "fewer entries than proxies", "IPv6"],
)
def test_behind_tls_proxies_an_entry_that_is_no_address_is_never_taken_for_the_visitor(
    monkeypatch, settings, rf, proxies, header, visitor
):
    meta_key = behind_tls_proxies(monkeypatch, settings, TLS_PROXY_COUNT=str(proxies))
    request = rf.post(SIGN_IN, REMOTE_ADDR=PROXY, **({meta_key: header} if header is not None else {}))
    assert visitor_address(request) == visitor


def test_not_behind_a_proxy_the_visitor_is_whoever_connected_whatever_the_header_says(rf):
    request = rf.post(SIGN_IN, REMOTE_ADDR=MALLORY, HTTP_X_FORWARDED_FOR=ALICE)
    assert visitor_address(request) == MALLORY


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
