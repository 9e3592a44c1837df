"""Who is due an inspection in a term, why, and by when, from the registry and the published record by the rules
of `data/due.yaml` (`rules.due`), and from what other decisions propose (`inspections.selectors.proposals_to_plan`).

Each open school of a type these frameworks inspect is due by the earliest of: its statutory interval since its
last routine inspection (or, never inspected, a new school's years from opening, or at once); what its latest
inspection's outcome calls for (monitoring after a category of concern, say), until an inspection answers it;
and any proposal waiting for it. Pilots and visits never count, whatever the record holds. A school whose
inspection the scheduling team already has in hand, or whose status the rules exempt, is listed apart.

Why a school is due is kept as a rule's code and its facts, and said in words only when shown, so that a plan
keeps what it was made from.
"""

from calendar import monthrange
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from fairinspect.core.formatting import govuk_date
from fairinspect.core.working_days import years_from
from fairinspect.frameworks.models import Framework
from fairinspect.inspections.models import InspectionProposal, Kind
from fairinspect.inspections.selectors import proposals_to_plan
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.outcomes.selectors import published_outcomes_of
from fairinspect.scheduling import rules
from fairinspect.scheduling.calendar import SchoolTerm
from fairinspect.scheduling.rules import ConditionSpec, Counts, normalise
from fairinspect.scheduling.selectors import in_hand_in_words, inspections_in_hand
from fairinspect.schools.models import School

def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _months_after(day: date, months: int) -> date:
    """The same day `months` months later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


# Why a school is due, in words made from the facts when someone reads them.
_WORDS: dict[str, Callable[..., str]] = {
    "routine": lambda last_on, inspection_type, years: (
        f"last inspected on {govuk_date(_day(last_on))} ({inspection_type}); schools are inspected within "
        f"{years} years"
    ),
    "new-school": lambda opened_on, years: (
        f"opened on {govuk_date(_day(opened_on))} and not inspected yet; new schools are inspected within "
        f"{years} years of opening"
    ),
    "never-inspected": lambda: "no routine inspection on record",
    "follow-up": lambda says, inspected_on, kind, months: (
        f"{says} at its inspection of {govuk_date(_day(inspected_on))}: a {Kind(kind).label.lower()} is due within "
        f"{months} months"
    ),
    "proposed": lambda reason, proposed_on: f"{reason} (proposed on {govuk_date(_day(proposed_on))})",
}


@dataclass(frozen=True)
class DueReason:
    rule: str
    facts: dict = field(default_factory=dict, compare=True, hash=False)

    @property
    def words(self) -> str:
        return _WORDS[self.rule](**self.facts)


def reason_in_words(rule: str, facts: dict) -> str:
    """Why a school is (was) due, as stored with a plan."""
    return DueReason(rule, facts).words


@dataclass(frozen=True)
class DueSchool:
    school: School
    kind: Kind
    due_by: date
    reason: DueReason
    # A proposal waiting for the school, which the inspection planned for it answers.
    proposal: InspectionProposal | None = None


@dataclass(frozen=True)
class SetAside:
    """A school due but not to plan: its inspection is in hand, or its status exempts it."""

    school: School
    why: str


@dataclass
class DueList:
    term: SchoolTerm
    due: list[DueSchool]
    set_aside: list[SetAside]
    # Inspection types of the published record that no class of the rules lists, with how often each is used.
    unclassified: Counter[str]


def _matches(condition: ConditionSpec, outcome: HistoricOutcome, framework_codes: dict[int, str]) -> bool:
    if condition.framework and framework_codes[outcome.framework_id] != condition.framework:
        return False
    if condition.category_of_concern is not None and normalise(outcome.category_of_concern) not in {
        normalise(category) for category in condition.category_of_concern
    }:
        return False
    if condition.any_area_grade and condition.any_area_grade not in outcome.grades.values():
        return False
    if condition.overall_grade and outcome.overall_grade != condition.overall_grade:
        return False
    if condition.ungraded_outcome_contains and (
        normalise(condition.ungraded_outcome_contains) not in normalise(outcome.ungraded_outcome)
    ):
        return False
    return True


def _reasons(
    school: School, history: list[tuple[HistoricOutcome, Counts]], framework_codes: dict[int, str], term: SchoolTerm
) -> list[tuple[date, Kind, DueReason]]:
    """Every reason the school is due, with its date and kind, from its published history (newest first, classified,
    nothing not counted)."""
    spec = rules.due()
    found = []
    routine = next((outcome for outcome, counts in history if counts in spec.routine.after), None)
    if routine is not None:
        years = spec.routine.within_years
        found.append((
            years_from(routine.start_date, years), spec.routine.kind,
            DueReason("routine", {"last_on": routine.start_date.isoformat(), "inspection_type": routine.inspection_type,
                                  "years": years}),
        ))  # fmt: skip
    else:
        years = spec.new_school.within_years_of_opening
        if school.open_date is not None and years_from(school.open_date, years) >= term.starts_on:
            found.append((
                years_from(school.open_date, years), spec.new_school.kind,
                DueReason("new-school", {"opened_on": school.open_date.isoformat(), "years": years}),
            ))  # fmt: skip
        else:
            found.append((term.starts_on, spec.routine.kind, DueReason("never-inspected")))
    for rule in spec.follow_ups:
        latest = next((outcome for outcome, counts in history if counts in rule.after), None)
        if latest is None or not _matches(rule.when, latest, framework_codes):
            continue
        answered = any(
            counts in rule.until and outcome.start_date > latest.start_date for outcome, counts in history
        )
        if not answered:
            found.append((
                _months_after(latest.start_date, rule.within_months), rule.kind,
                DueReason("follow-up", {"says": rule.says, "inspected_on": latest.start_date.isoformat(),
                                        "kind": rule.kind.value, "months": rule.within_months}),
            ))  # fmt: skip
    return found


def inspected_schools():
    """Open schools of the types these frameworks inspect."""
    types = Q()
    for name in rules.due().inspected_types:
        types |= Q(type_name__iexact=name)
    return School.objects.open().filter(types).select_related("local_authority")


def due_in(term: SchoolTerm) -> DueList:
    """The schools due an inspection by the end of `term` (overdue ones too), the soonest due first."""
    spec = rules.due()
    schools = list(inspected_schools())
    urns = [school.urn for school in schools]
    framework_codes = dict(Framework.objects.values_list("id", "code"))
    outcomes = published_outcomes_of(urns)
    in_hand = inspections_in_hand(urns)
    proposals: dict[int, InspectionProposal] = {}
    for waiting in proposals_to_plan():
        proposals.setdefault(waiting.school_id, waiting)
    exempt = {normalise(status.status): status.because for status in spec.exempt_statuses}
    unclassified: Counter[str] = Counter()
    due, set_aside = [], []
    for school in schools:
        history: list[tuple[HistoricOutcome, Counts]] = []
        for outcome in outcomes[school.urn]:
            counts = spec.counts_by_type.get(normalise(outcome.inspection_type))
            if counts is None:
                unclassified[outcome.inspection_type] += 1
            elif counts != Counts.NOT_COUNTED:
                history.append((outcome, counts))
        reasons = _reasons(school, history, framework_codes, term)
        proposal = proposals.get(school.urn)
        if proposal is not None:
            reasons.append((
                proposal.due_by, Kind(proposal.kind),
                DueReason("proposed", {"reason": proposal.reason, "proposed_on": proposal.proposed_at.date().isoformat()}),
            ))  # fmt: skip
        due_by, kind, reason = min(reasons, key=lambda item: (item[0], item[2].rule != "proposed"))
        if due_by > term.ends_on:
            continue
        if school.urn in in_hand:
            set_aside.append(SetAside(school, in_hand_in_words(in_hand[school.urn])))
            continue
        if normalise(school.status_name) in exempt:
            set_aside.append(SetAside(school, exempt[normalise(school.status_name)]))
            continue
        due.append(DueSchool(school, kind, due_by, reason, proposal))
    due.sort(key=lambda item: (item.due_by, item.school.urn))
    set_aside.sort(key=lambda item: item.school.name)
    return DueList(term, due, set_aside, unclassified)
