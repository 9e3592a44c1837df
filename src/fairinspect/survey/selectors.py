"""Reads of the impact survey: a school's open invitations, and the results, only ever in aggregate.

How no group of fewer than MIN_GROUP responses can be revealed, even by subtracting one published figure from
another:
- Responses fall into ONE fixed partition: the calendar quarter in which the inspection was published. No
  other grouping (region, phase, a date range, a filter) is offered anywhere, so no two published groups
  overlap in part.
- A quarter is shown only once it is *closed*: every invitation of it has closed (`closes_on` of the quarter's
  last day has passed), so its figures never change after they are first shown; comparing them over time
  reveals nothing.
- A closed quarter with fewer than MIN_GROUP responses is suppressed, and every total (all quarters together)
  adds up only the quarters shown. Every published figure is then a sum over shown quarters, each of at least
  MIN_GROUP responses; the difference of two published figures is a sum (or difference) of whole shown quarters,
  never a part of one.
- What schools wrote (their comments) is read by a few staff only (READ_SURVEY_COMMENTS), and only among the
  comments of a quarter shown, in the order of their words, with no school, inspection, date or answer beside them.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from fairinspect.accounts.permissions import READ_SURVEY_COMMENTS, holds
from fairinspect.accounts.selectors import schools_of
from fairinspect.core import working_days
from fairinspect.survey.models import QUESTIONS, Invitation, Response
from fairinspect.survey.invitations import closes_on

MIN_GROUP = 10


def open_invitations_of(user) -> QuerySet[Invitation]:
    """The invitations a school user may still answer: their schools', open and unanswered."""
    urns = schools_of(user).values("urn")
    return Invitation.objects.filter(urn__in=urns, response=None, closes_on__gte=working_days.today()).order_by(
        "closes_on"
    )


def invitation_for(user, pk: int) -> Invitation | None:
    """One invitation of the user's schools (answered or not), or None: others' are not theirs to see."""
    return Invitation.objects.filter(pk=pk, urn__in=schools_of(user).values("urn")).first()


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def last_day(self) -> date:
        month = self.number * 3
        following = date(self.year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)

    @property
    def closes_on(self) -> date:
        """The day the last invitation of this quarter closes."""
        return closes_on(self.last_day)

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"


@dataclass(frozen=True)
class QuestionResult:
    field: str
    question: str
    answers: list[tuple[str, int]]  # label, responses


@dataclass(frozen=True)
class Group:
    """One published group: its label, how many responses, and each question's answers."""

    label: str
    responses: int
    questions: list[QuestionResult]


@dataclass(frozen=True)
class SurveyResults:
    groups: list[Group]  # each closed quarter with at least MIN_GROUP responses
    total: Group | None  # the shown groups together
    suppressed: list[str]  # closed quarters with too few responses to show
    still_open: list[str]  # quarters whose invitations have not all closed


def _group(label: str, counts: list[Counter]) -> Group:
    questions = [
        QuestionResult(field, question, [(str(label), counts[index][value]) for value, label in choices.choices])
        for index, (field, question, choices) in enumerate(QUESTIONS)
    ]
    return Group(label, sum(counts[0].values()), questions)


def results(today: date | None = None) -> SurveyResults:
    """The survey's results by quarter of publication, under the rules in this module's docstring."""
    today = today or working_days.today()
    fields = [field for field, _, _ in QUESTIONS]
    by_quarter: dict[Quarter, list[Counter]] = {}
    for published_on, *answers in Response.objects.values_list("invitation__published_on", *fields).iterator():
        counts = by_quarter.setdefault(Quarter.of(published_on), [Counter() for _ in fields])
        for index, answer in enumerate(answers):
            counts[index][answer] += 1
    groups: list[Group] = []
    suppressed: list[str] = []
    still_open: list[str] = []
    total: list[Counter[int]] = [Counter() for _ in fields]
    for quarter in sorted(by_quarter, key=lambda q: (q.year, q.number)):
        counts = by_quarter[quarter]
        if today <= quarter.closes_on:
            still_open.append(str(quarter))
        elif sum(counts[0].values()) < MIN_GROUP:
            suppressed.append(str(quarter))
        else:
            groups.append(_group(str(quarter), counts))
            for index, counter in enumerate(counts):
                total[index].update(counter)
    return SurveyResults(groups, _group("All quarters shown", total) if groups else None, suppressed, still_open)


def comments_of(user, shown: SurveyResults) -> dict[str, list[str]]:
    """What schools wrote, for those who may read it: each quarter of `shown` (as `results` gives it) with its
    comments in the order of their words; nothing for anyone else, nor of a quarter not shown."""
    if not holds(user, READ_SURVEY_COMMENTS):
        return {}
    said: dict[str, list[str]] = {group.label: [] for group in shown.groups}
    for published_on, comment in Response.objects.exclude(comments="").values_list("invitation__published_on", "comments"):
        label = str(Quarter.of(published_on))
        if label in said and comment.strip():
            said[label].append(comment.strip())
    return {label: sorted(comments) for label, comments in said.items() if comments}
