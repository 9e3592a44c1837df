"""The framework's grading rules, executed: secure fit, the evidence a grade must cite, categories of concern and
the follow-up they bring. Pure functions of plain data (codes, dates), so that they are tested exhaustively and
read the same wherever they are used; `services` and `selectors` feed them the stored judgements.

Every rule comes from the framework file's `rules` (frameworks/data/*.yaml): nothing here names an area or a grade.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fairinspect.inspections.models import Kind


@dataclass(frozen=True)
class Toolkit:
    """One area's toolkit as the framework gives it: scale codes lowest first, and per scale point the criteria
    that must all be met to reach it and the indicators (failings) any one of which, found, puts the area there."""

    scale: tuple[str, ...]
    criteria: Mapping[str, tuple[str, ...]]
    indicators: Mapping[str, tuple[str, ...]]
    floor: str


@dataclass(frozen=True)
class Derivation:
    """What the judgements support: a grade with `because` (the judgement that settles it), or no grade yet, with
    the criteria and indicators still to judge (`missing`)."""

    grade: str | None
    because: str
    missing: tuple[str, ...] = ()


def derive(toolkit: Toolkit, judged: Mapping[str, bool]) -> Derivation:
    """The grade an area's judgements support, by secure fit (DOMAIN.md §4). `judged` maps a criterion code to
    whether it is met (an indicator's: whether it is found); codes left out are not judged yet.

    Any indicator found settles the grade at its point (the lowest such point). Otherwise every indicator must be
    judged not found, and the grade is the highest point whose criteria are all met together with those of every
    point below it; an area that does not meet the lowest point's criteria is at the floor. Deciding needs the
    criteria up to the first one not met; at the top of the scale, all of them."""
    for point in toolkit.scale:
        found = [code for code in toolkit.indicators.get(point, ()) if judged.get(code) is True]
        if found:
            return Derivation(point, f"indicator {found[0]} is found")
    unjudged = tuple(code for point in toolkit.scale for code in toolkit.indicators.get(point, ()) if code not in judged)
    if unjudged:
        return Derivation(None, "", unjudged)
    grade, because = toolkit.floor, "no point's criteria are all met"
    for point in toolkit.scale:
        codes = toolkit.criteria.get(point, ())
        if not codes:
            continue
        not_met = [code for code in codes if judged.get(code) is False]
        if not_met:
            return Derivation(grade, f"criterion {not_met[0]} is not met")
        missing = tuple(code for code in codes if code not in judged)
        if missing:
            return Derivation(None, "", missing)
        grade, because = point, f"every criterion up to {point} is met"
    return Derivation(grade, because)


def minimum_citations(rules: Mapping, grade: str) -> int:
    """How many distinct evidence records a confirmed grade must cite (`rules.evidence.minimum_citations`)."""
    minimum = rules.get("evidence", {}).get("minimum_citations", {})
    return int(minimum.get(grade, minimum.get("default", 1)))


@dataclass(frozen=True)
class Category:
    code: str
    title: str


@dataclass(frozen=True)
class FollowUp:
    """An inspection the outcome calls for: its kind, the day it is due by, and why (in words)."""

    kind: Kind
    due_by: date
    reason: str


@dataclass(frozen=True)
class FollowUpDecision:
    category: Category | None
    follow_ups: tuple[FollowUp, ...]


def condition_holds(when: Mapping, grades: Mapping[str, str], safeguarding: str | None) -> bool:
    """Whether a rule's condition (`all`, `any`, `area_grade`, `other_area_grade`, `any_area_grade`,
    `safeguarding`) holds of an outcome: area code → grade code, and the safeguarding judgement's code."""
    (kind, value), *_ = when.items()
    if kind == "all":
        return all(condition_holds(part, grades, safeguarding) for part in value)
    if kind == "any":
        return any(condition_holds(part, grades, safeguarding) for part in value)
    if kind == "area_grade":
        return grades.get(value["area"]) == value["is"]
    if kind == "other_area_grade":
        return any(grade == value["is"] for area, grade in grades.items() if area != value["except"])
    if kind == "any_area_grade":
        return value in grades.values()
    if kind == "safeguarding":
        return safeguarding == value
    raise ValueError(f"a framework rule names a condition this service does not know: {kind}")


def decide_follow_up(
    rules: Mapping,
    grades: Mapping[str, str],
    safeguarding: str | None,
    *,
    safeguarding_satisfactory: bool,
    remediable: bool,
    decided_on: date,
) -> FollowUpDecision:
    """The category of concern (the first of `rules.categories_of_concern` that holds) and the inspections that
    follow: the category's monitoring, or the monitoring `rules.monitoring` asks for without one, and a return
    visit within `rules.safeguarding_return_visit`'s period when safeguarding is not met but can be put right in
    it (instead of a category, where the rule says so: the categories are then read as if safeguarding were met)."""
    follow_ups: list[FollowUp] = []
    return_visit = rules.get("safeguarding_return_visit")
    judged_safeguarding = safeguarding
    if return_visit and not safeguarding_satisfactory and remediable:
        days = return_visit["remediable_within_days"]
        follow_ups.append(
            FollowUp(
                Kind(return_visit["kind"]),
                decided_on + timedelta(days=days),
                f"Safeguarding was not met, and can be put right within {days} days: a return visit checks that it is.",
            )
        )
        if return_visit.get("instead_of_category"):
            judged_safeguarding = None
    category = None
    for rule in rules.get("categories_of_concern", []):
        if condition_holds(rule["when"], grades, judged_safeguarding):
            category = Category(rule["code"], rule["title"])
            follow_up = rule.get("follow_up")
            if follow_up:
                follow_ups.append(
                    FollowUp(
                        Kind(follow_up["kind"]),
                        decided_on + timedelta(days=follow_up["within_days"]),
                        f"The school is in a category of concern ({rule['title'].lower()}).",
                    )
                )
            break
    if category is None:
        for rule in rules.get("monitoring", []):
            if condition_holds(rule["when"], grades, judged_safeguarding):
                follow_ups.append(
                    FollowUp(
                        Kind(rule["leads_to"]),
                        decided_on + timedelta(days=rule.get("within_days", 365)),
                        "An area of the school needs attention.",
                    )
                )
                break
    return FollowUpDecision(category, tuple(follow_ups))



def judgements_for(toolkit: Toolkit, grade: str) -> dict[str, bool]:
    """The fewest judgements that support `grade` by secure fit: every indicator not found (or the first at `grade`
    found), the criteria of every point up to `grade` met and, above it, the first criterion not met. What the
    demo's inspections and the tests' factories judge."""
    rank = toolkit.scale.index(grade)
    indicated = toolkit.indicators.get(grade, ())
    if indicated:
        lower = {code: False for point in toolkit.scale[:rank] for code in toolkit.indicators.get(point, ())}
        return {**lower, indicated[0]: True}
    judged = {code: False for codes in toolkit.indicators.values() for code in codes}
    for point in toolkit.scale:
        codes = toolkit.criteria.get(point, ())
        if not codes:
            continue
        if toolkit.scale.index(point) <= rank:
            judged.update(dict.fromkeys(codes, True))
        else:
            judged[codes[0]] = False
            break
    return judged
