"""Copies of public pages (web.caching): kept for visitors without an account until the data behind them changes,
never older than their data, never a signed-in visitor's."""

import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.urls import reverse

from fairinspect.outcomes.publication import record_changed
from fairinspect.outcomes.services import import_outcomes
from fairinspect.schools.services import import_schools
from fairinspect.accounts.roles import Role
from tests.factories import make_historic_outcome

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def kept_copies(settings):
    settings.CACHES = {
        **settings.CACHES,
        "public_pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public-pages-tests"},
    }
    caches["public_pages"].clear()
    yield
    caches["public_pages"].clear()


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]


def without_nonce(response) -> str:
    return response.content.decode().replace(nonce_of(response), "")


def test_the_second_visitor_is_given_the_copy_with_a_nonce_of_their_own(client, make_school, frameworks):
    school = make_school(name="Oakfield Primary School")
    make_historic_outcome(school, "report-card-2025")
    url = reverse("outcomes:school", args=[school.urn])

    first, made_with = get(client, url)
    second, answered_with = get(client, url)

    assert made_with > 1 and answered_with == 1  # the one read of the versions
    assert first.status_code == second.status_code == 200
    assert without_nonce(first) == without_nonce(second)
    assert nonce_of(first) != nonce_of(second)
    assert f'nonce="{nonce_of(second)}"' in second.content.decode()  # the page's script runs under its own policy
    assert second["Cache-Control"] == "public, no-cache" and second["Vary"] == "Cookie" and second["ETag"] == first["ETag"]


def test_a_publication_changes_the_page_at_once(client, make_school, frameworks):
    school = make_school(name="Oakfield Primary School")
    url = reverse("outcomes:school", args=[school.urn])
    assert "Strong standard" not in get(client, url)[0].content.decode()

    make_historic_outcome(school, "report-card-2025", grades={"inclusion": "strong-standard"})
    # Written behind the record's back (as no service does), the copy stands: it is the copy being served.
    assert "Strong standard" not in get(client, url)[0].content.decode()
    with transaction.atomic():
        record_changed()  # what a publication calls, in its transaction
    assert "Strong standard" in get(client, url)[0].content.decode()


def test_an_import_of_schools_or_outcomes_changes_search_and_the_api_at_once(client, frameworks):
    search = reverse("schools:search") + "?q=Oakfield"
    api_school = reverse("api:school-detail", args=[199902])
    assert "Oakfield Academy" not in get(client, search)[0].content.decode()
    assert get(client, api_school)[0].status_code == 404

    import_schools(FIXTURES / "schools" / "fixtures" / "edubasealldata_current.csv", progress=False)
    assert "Oakfield Academy" in get(client, search)[0].content.decode()
    before, _ = get(client, api_school)
    assert before.status_code == 200 and before.json()["history"] == []
    assert get(client, api_school)[1] == 1  # kept

    import_outcomes(FIXTURES / "outcomes" / "fixtures" / "mi_report_cards.csv", progress=False)
    after, _ = get(client, api_school)
    assert [inspection["inspection_number"] for inspection in after.json()["history"]] == ["10400001"]


def test_a_signed_in_visitor_is_never_given_a_copy_nor_leaves_one(client, make_school, make_user):
    school = make_school(name="Oakfield Primary School")
    url = reverse("outcomes:school", args=[school.urn])
    anonymous, _ = get(client, url)

    client.force_login(make_user(Role.SCHEDULER))
    signed_in, queries = get(client, url)
    assert queries > 1 and without_nonce(signed_in) != without_nonce(anonymous)  # their own navigation
    assert "private" in signed_in["Cache-Control"] and not signed_in.has_header("ETag")

    client.logout()
    caches["public_pages"].clear()
    get(client, url)
    client.force_login(make_user(Role.SCHEDULER))
    assert get(client, url)[1] > 1
    client.logout()
    assert without_nonce(get(client, url)[0]) == without_nonce(anonymous)


def test_a_visitor_with_a_message_waiting_gets_a_page_made_for_them(client, make_school):
    school = make_school()
    url = reverse("outcomes:school", args=[school.urn])
    get(client, url)
    client.cookies["messages"] = "something for this visitor"
    assert get(client, url)[1] > 1


def test_a_client_holding_the_page_is_told_it_has_not_changed_until_it_has(client, make_school):
    school = make_school()
    url = reverse("outcomes:school", args=[school.urn])
    first, _ = get(client, url)

    unchanged, queries = get(client, url, if_none_match=first["ETag"])
    assert unchanged.status_code == 304 and queries == 1
    # The client keeps its copy's own policy, which names the nonce its copy carries.
    assert not unchanged.has_header("Content-Security-Policy") and unchanged["ETag"] == first["ETag"]

    with transaction.atomic():
        record_changed()
    changed, _ = get(client, url, if_none_match=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_a_copy_is_for_its_day_only(client, make_school, clock):
    school = make_school()
    url = reverse("outcomes:school", args=[school.urn])
    first, _ = get(client, url)
    assert get(client, url)[1] == 1
    clock.advance(days=1)
    tomorrow, queries = get(client, url)
    assert queries > 1 and tomorrow["ETag"] != first["ETag"]


def test_a_page_that_is_not_found_is_not_kept(client):
    url = reverse("outcomes:school", args=[999999999])
    assert get(client, url)[0].status_code == 404
    response, queries = get(client, url)
    assert response.status_code == 404 and queries > 1 and not response.has_header("ETag")
