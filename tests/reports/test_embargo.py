"""The embargo: before publication nothing of a report (its draft, the school's comments, its grades and their
rationale, the evidence behind them) reaches anyone but the school, the team, quality assurers and the staff who
see every inspection. Every URL pattern the project routes (pages, API paths, file URLs, exports), filled in with
the inspection's own identifiers, is asked for as a signed-out visitor, a researcher and another school's user, at
each stage before publication; none of the answers holds anything of it."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fairinspect.accounts.roles import Role
from fairinspect.evidence.models import EvidenceRecord
from fairinspect.inspections.models import State
from fairinspect.reports.models import FactualAccuracyComment
from tests import factories
from tests.reports.walk import SECRET, STAGES, walk_to

# What a report under embargo holds that no one else may read: the narrative and comments (SECRET), each area's
# rationale (grading's test factories write it so) and the evidence's text.
EMBARGOED = (SECRET, "The evidence shows", "Observed in a lesson")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def routes(resolver: URLResolver | None = None, prefix: str = ""):
    """Every routed pattern's route, with its parameters as <converter:name>, walking included URLconfs."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def filled(route: str, values: dict[str, object]) -> str | None:
    """The route with each parameter given its value by name (any other integer: the inspection's id), or None for
    a route whose parameters this inspection has nothing for (a regular expression route)."""
    if route.startswith("^"):
        return None

    def value(match: re.Match) -> str:
        name, converter = match.group("name"), match.group("converter")
        if name in values:
            return str(values[name])
        return str(values["inspection_id"]) if converter in (None, "int") else "x"

    return "/" + PARAMETER.sub(value, route)


@pytest.mark.parametrize("stage", [stage for stage in STAGES if stage != "published"])
def test_nothing_of_an_embargoed_report_is_found_by_anyone_outside_it(client, make_inspection, stage):
    inspection = walk_to(make_inspection(State.ON_SITE), stage)
    assert inspection.state != State.PUBLISHED
    evidence = EvidenceRecord.objects.filter(inspection=inspection).first()
    comment = FactualAccuracyComment.objects.filter(report__inspection=inspection).first()
    values = {
        "pk": inspection.pk, "inspection_id": inspection.pk, "inspection_pk": inspection.pk,
        "urn": inspection.school_id, "inspection_number": f"FI{inspection.pk:08d}", "number": 1,
        "comment_id": comment.pk if comment else 0, "record_id": evidence.pk if evidence else 0,
        "evidence_id": evidence.pk if evidence else 0,
    }  # fmt: skip
    urls = sorted({url for route in routes() if (url := filled(route, values))})
    outsiders = {
        "signed out": None,
        "a researcher": factories.make_user(Role.RESEARCHER),
        "another school's user": factories.make_user(Role.SCHOOL_USER),
    }
    found = []
    for who, user in outsiders.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode(errors="replace")
            found += [f"{who}: {url} ({response.status_code}) holds {marker!r}" for marker in EMBARGOED if marker in text]
    assert len(urls) > 50  # every pattern, not a few
    assert not found, "\n".join(found)


def test_the_walk_can_find_an_embargoed_report_where_it_is_readable(client, make_inspection):
    """The same walk, as the school, finds the draft: the markers are where the test looks for them."""
    inspection = make_inspection(State.ON_SITE)
    school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
    inspection = walk_to(inspection, "factual_accuracy_check", school_user=school_user)
    client.force_login(school_user)
    page = client.get(f"/inspections/{inspection.pk}/report/").content.decode()
    assert all(marker in page for marker in (SECRET, "The evidence shows"))
