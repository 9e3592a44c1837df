"""The impact survey: invitations after publication, one response per invitation from the school while it is
open, and aggregates that never reveal a group of fewer than MIN_GROUP responses, even by differencing."""

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.core import working_days
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.frameworks.models import Framework
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.survey import services
from fairinspect.survey.invitations import closes_on
from fairinspect.survey.models import QUESTIONS, Invitation, Response
from fairinspect.survey.selectors import MIN_GROUP, Quarter, comments_of, open_invitations_of, results
from tests import factories

pytestmark = pytest.mark.django_db
ANSWERS = {"workload": 2, "wellbeing": 1, "fairness": 4, "reflects_school": 5}


@pytest.fixture
def outcome(frameworks, clock):
    school = factories.make_school()
    return HistoricOutcome.objects.create(
        inspection_number="10999001", urn=school.urn, framework=frameworks["report-card-2025"],
        start_date=date(2026, 1, 20), end_date=date(2026, 1, 21), publication_date=clock.today,
    )  # fmt: skip


def test_a_published_inspection_invites_its_school_once(outcome):
    first = services.invite_school(outcome.inspection_number)
    again = services.invite_school(outcome.inspection_number)

    assert first == again
    assert Invitation.objects.count() == 1
    assert first.closes_on == working_days.add_working_days(outcome.publication_date, 20)


def test_an_unpublished_inspection_is_not_surveyed(outcome):
    HistoricOutcome.objects.filter(pk=outcome.pk).update(publication_date=None)
    with pytest.raises(WrongState):
        services.invite_school(outcome.inspection_number)


def test_the_school_answers_once_and_the_trail_keeps_no_answers(outcome):
    invitation = services.invite_school(outcome.inspection_number)
    head = factories.make_user(Role.SCHOOL_USER, school=factories.School.objects.get(urn=outcome.urn))
    assert list(open_invitations_of(head)) == [invitation]

    services.respond(invitation, ANSWERS, "Kind and careful team.", actor=head)

    assert Response.objects.get().fairness == 4
    event = AuditEvent.objects.filter(action="survey.responded").get()
    assert "Kind" not in str(event.after) and "fairness" not in str(event.after)
    assert list(open_invitations_of(head)) == []
    with pytest.raises(WrongState, match="answered already"):
        services.respond(invitation, ANSWERS, actor=head)


def test_only_the_school_may_answer_and_only_while_open(outcome, clock):
    invitation = services.invite_school(outcome.inspection_number)
    other = factories.make_user(Role.SCHOOL_USER, school=factories.make_school())
    with pytest.raises(NotPermitted):
        services.respond(invitation, ANSWERS, actor=other)
    head = factories.make_user(Role.SCHOOL_USER, school=factories.School.objects.get(urn=outcome.urn))
    with pytest.raises(InvalidRequest, match="Answer"):
        services.respond(invitation, {**ANSWERS, "fairness": 9}, actor=head)
    clock.set(invitation.closes_on + timedelta(days=1))
    with pytest.raises(WrongState, match="closed"):
        services.respond(invitation, ANSWERS, actor=head)
    assert not Response.objects.exists()


def test_the_form_takes_the_answers(outcome, client):
    invitation = services.invite_school(outcome.inspection_number)
    head = factories.make_user(Role.SCHOOL_USER, school=factories.School.objects.get(urn=outcome.urn))
    client.force_login(head)

    page = client.get(f"/survey/{invitation.pk}/")
    assert page.status_code == 200
    assert "govuk-radios" in page.content.decode()
    missing = client.post(f"/survey/{invitation.pk}/", {"workload": "2"})
    assert missing.status_code == 422
    assert "Answer “The inspection process was fair”" in missing.content.decode()
    sent = client.post(f"/survey/{invitation.pk}/", {**{k: str(v) for k, v in ANSWERS.items()}, "comments": ""})
    assert sent.status_code == 302
    assert Response.objects.count() == 1


# The aggregation: a history of responses arriving over two years, and the results as published on many days.
START = date(2024, 1, 1)
response_strategy = st.tuples(
    st.integers(0, 700),  # publication: days after START
    st.integers(0, 30),  # response: days after publication (some after it closed, and so refused)
    *(st.integers(1, 5) for _ in QUESTIONS),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(responses=st.lists(response_strategy, min_size=20, max_size=200),
       release_days=st.lists(st.integers(0, 800), min_size=1, max_size=12))
# Twelve responses to inspections published in one quarter, arriving over its last weeks, and releases while it
# is open and after a late response: showing an open quarter would let two releases be subtracted.
@example(responses=[(80, day % 20, 4, 4, 4, 4) for day in range(12)] + [(89, 25, 1, 1, 1, 1)],
         release_days=[95, 100, 115, 200])
def test_no_group_under_the_minimum_can_be_revealed_even_by_differencing(frameworks, responses, release_days):
    """Every figure published on any day is a sum over a set of responses; the atoms of all those sets (the
    responses no combination of figures can tell apart) each hold at least MIN_GROUP responses. A figure is
    a linear combination's constant on each atom, so adding or subtracting any figures ever published reveals
    at best whole atoms."""
    Response.objects.all().delete()
    Invitation.objects.all().delete()
    arrivals = []
    for number, (published, after, *answers) in enumerate(responses):
        published_on = START + timedelta(days=published)
        responded = published_on + timedelta(days=after)
        if responded > closes_on(published_on):
            continue  # the service refuses it (tested above)
        arrivals.append((responded, number, published_on, answers))
    arrivals.sort()
    membership: dict[int, set[frozenset[int]]] = {}
    figures_seen: list[frozenset[int]] = []
    present: dict[int, tuple[Quarter, list[int]]] = {}
    for release in sorted(release_days):
        today = START + timedelta(days=release)
        for responded, number, published_on, answers in [a for a in arrivals if a[0] <= today and a[1] not in present]:
            invitation = Invitation.objects.create(
                inspection_number=str(number), urn=1, published_on=published_on,
                invited_at=datetime.combine(published_on, time(9), ZoneInfo("Europe/London")),
                closes_on=closes_on(published_on),
            )  # fmt: skip
            Response.objects.create(
                invitation=invitation, responded_at=datetime.combine(responded, time(9), ZoneInfo("Europe/London")),
                **{field: answer for (field, _, _), answer in zip(QUESTIONS, answers, strict=True)},
            )  # fmt: skip
            present[number] = (Quarter.of(published_on), answers)
        published = results(today)
        shown = set()
        for group in published.groups:
            members = frozenset(n for n, (quarter, _) in present.items() if str(quarter) == group.label)
            # The figure is what it says it is: the answers of exactly these responses.
            assert group.responses == len(members)
            for index, question in enumerate(group.questions):
                assert dict(question.answers) == {
                    label: Counter(present[n][1][index] for n in members)[value]
                    for value, label in QUESTIONS[index][2].choices
                }
            figures_seen.append(members)
            shown |= members
        if published.total:
            assert published.total.responses == len(shown)
            figures_seen.append(frozenset(shown))
    for figure in figures_seen:
        for member in figure:
            membership.setdefault(member, set()).add(figure)
    atoms = Counter(frozenset(figures) for figures in membership.values())
    assert all(size >= MIN_GROUP for size in atoms.values()), atoms


@given(st.dates(date(2020, 1, 1), date(2035, 12, 31)))
def test_every_invitation_closes_by_the_day_its_quarter_does(day):
    assert closes_on(day) <= Quarter.of(day).closes_on


def _answered(published_on: date, count: int, fairness: int = 4, comments: str = "") -> None:
    for _ in range(count):
        number = Invitation.objects.count() + 1
        invitation = Invitation.objects.create(
            inspection_number=f"T{number}", urn=1, published_on=published_on,
            invited_at=datetime.combine(published_on, time(9), ZoneInfo("Europe/London")),
            closes_on=closes_on(published_on),
        )  # fmt: skip
        Response.objects.create(invitation=invitation, responded_at=invitation.invited_at, comments=comments,
                                **{**ANSWERS, "fairness": fairness})  # fmt: skip


def test_small_and_open_quarters_are_held_back(db):
    _answered(date(2025, 2, 3), 12)
    _answered(date(2025, 5, 6), 9, fairness=1)
    _answered(date(2025, 12, 1), 30)

    published = results(date(2026, 1, 5))

    assert [(group.label, group.responses) for group in published.groups] == [("2025 Q1", 12)]
    assert published.suppressed == ["2025 Q2"]
    assert published.still_open == ["2025 Q4"]
    assert published.total.responses == 12
    fairness = dict(published.total.questions[2].answers)
    assert fairness["Agree"] == 12 and fairness["Strongly disagree"] == 0


def test_what_schools_wrote_is_read_by_quality_staff_only_within_the_quarters_shown(client, clock):
    clock.set(date(2026, 1, 5))
    _answered(date(2025, 2, 3), 11, comments="We felt listened to.")
    _answered(date(2025, 2, 4), 1, comments="<b>Too</b> short a check")
    _answered(date(2025, 2, 5), 2)
    _answered(date(2025, 5, 6), 9, comments="Of a quarter with too few answers")
    _answered(date(2025, 12, 1), 30, comments="Of a quarter still open")
    shown = results()
    quality_assurer, researcher = factories.make_user(Role.QUALITY_ASSURER), factories.make_user(Role.RESEARCHER)

    assert comments_of(quality_assurer, shown) == {"2025 Q1": ["<b>Too</b> short a check", *["We felt listened to."] * 11]}
    assert comments_of(researcher, shown) == {}

    client.force_login(quality_assurer)
    page = client.get("/analytics/survey/").content.decode()
    assert "What schools wrote" in page and "2025 Q1: 12 comments" in page
    assert "&lt;b&gt;Too&lt;/b&gt; short a check" in page and "<b>Too</b>" not in page
    assert "too few answers" not in page and "still open" not in page
    client.force_login(researcher)
    page = client.get("/analytics/survey/").content.decode()
    assert "2025 Q1" in page and "What schools wrote" not in page and "listened" not in page
