"""The demo's impact survey and analytics figures: schools invited after their recent publications, most of them
answering, on the days they would have, through the survey's own services; then the figures made from the
published record, so that every analytics page has something to say."""

import random
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model

from fairinspect.accounts.roles import Role
from fairinspect.accounts.services import create_user
from fairinspect.analytics.services import refresh_figures
from fairinspect.core import working_days
from fairinspect.demo.clock import WalkingClock
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.schools.models import School
from fairinspect.survey import services
from fairinspect.survey.models import QUESTIONS

INVITED = 240  # the most recent publications surveyed: enough for every quarter shown to pass 10 responses
ANSWERING = 0.7
COMMENTING = 0.3  # of those answering
_COMMENTS = (
    "The lead inspector explained each step and listened when we disagreed.",
    "Two days on site left our small staff exhausted; a pause was offered but we felt unable to take it.",
    "The feedback meeting was clear, and we knew what to work on before the report came.",
    "We would have liked more time to gather evidence on our curriculum before the grade was decided.",
    "Inspectors spoke with pupils kindly and our pupils enjoyed showing them their work.",
    "The factual accuracy check was too short to answer everything with our governors.",
    "Support was signposted at the end of each day, which our staff appreciated.",
    "The report card reflects our school far better than a single word ever did.",
)


def _answers(rng: random.Random, outcome: HistoricOutcome) -> dict[str, int]:
    """Answers leaning the way schools' do: lower grades, less content with the process."""
    low = any(grade in {"inadequate", "requires-improvement", "needs-attention", "urgent-improvement"}
              for grade in outcome.grades.values())  # fmt: skip
    centre = 2.4 if low else 3.6
    return {field: min(5, max(1, round(rng.gauss(centre, 1.0)))) for field, _, _ in QUESTIONS}


def survey_schools(*, clock: WalkingClock, rng: random.Random, since: date) -> tuple[int, int]:
    """Invite the schools of the latest publications since `since` and take most of their answers; returns
    (invited, answered)."""
    outcomes = list(
        HistoricOutcome.objects.filter(publication_date__gte=since, urn__in=School.objects.values("urn"))
        .order_by("-publication_date", "inspection_number")[:INVITED]
    )  # fmt: skip
    answered = 0
    for outcome in sorted(outcomes, key=lambda o: (o.publication_date or since, o.inspection_number)):
        published_on = outcome.publication_date or since  # never None: chosen by publication date
        clock.set(published_on, time(16))
        invitation = services.invite_school(outcome.inspection_number)
        if rng.random() > ANSWERING:
            continue
        school = School.objects.get(urn=outcome.urn)
        username = f"survey.{outcome.urn}"
        user = get_user_model().objects.filter(username=username).first() or create_user(
            actor=None, username=username, password=None, roles=[Role.SCHOOL_USER], school=school
        )
        day = working_days.add_working_days(published_on, rng.randrange(1, 15))
        clock.set(min(day, invitation.closes_on), time(rng.randrange(9, 17)))
        comments = rng.choice(_COMMENTS) if rng.random() < COMMENTING else ""
        services.respond(invitation, _answers(rng, outcome), comments, actor=user)
        answered += 1
    return len(outcomes), answered


def make_figures(*, clock: WalkingClock, today: date) -> int:
    clock.set(today, time(7))
    return refresh_figures()


SURVEY_SINCE = timedelta(days=550)
