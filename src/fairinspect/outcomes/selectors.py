"""Reads of the published record: a school's published inspections, and what its page shows."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.http import Http404

from fairinspect.core.hooks import Hook
from fairinspect.frameworks.models import FRAMEWORKS_VERSION, Framework
from fairinspect.outcomes.models import PUBLISHED_RECORD_VERSION, HistoricOutcome
from fairinspect.schools.models import REGISTRY_VERSION, School
from fairinspect.schools.selectors import linked_schools, predecessor_urns_of


# The address of a published inspection's report card, by its inspection number (the reports app keeps the cards).
report_card_url: Hook[[str], str] = Hook("report_card_url", "the address of an inspection's report card page")


@dataclass(frozen=True)
class AreaGrade:
    area_code: str
    area: str
    grade_code: str
    grade: str
    meaning: str


@dataclass(frozen=True)
class PublishedInspection:
    inspection_number: str
    urn: int
    school_name: str
    framework_code: str
    framework: str
    inspection_type: str
    start_date: date
    end_date: date | None
    publication_date: date | None
    area_grades: list[AreaGrade]
    overall_grade: str
    overall_grade_until: date | None
    safeguarding: str
    category_of_concern: str
    ungraded_outcome: str
    report_card_url: str | None = None


def _framework_labels(framework_ids: set[int]) -> dict[int, tuple[Framework, dict, dict, list]]:
    frameworks = Framework.objects.filter(id__in=framework_ids).prefetch_related(
        "scale", "safeguarding_outcomes", "areas"
    )
    return {
        framework.id: (
            framework,
            {point.code: point for point in framework.scale.all()},
            {outcome.code: outcome.label for outcome in framework.safeguarding_outcomes.all()},
            list(framework.areas.all()),
        )
        for framework in frameworks
    }


def published_outcomes_of(urns: Iterable[int]) -> dict[int, list[HistoricOutcome]]:
    """For each of many schools, its published inspections and those of the schools it replaced, newest first, in
    a fixed number of queries: the one record of a school's history, which its page and the scheduling team's
    list of who is due both read."""
    predecessors = predecessor_urns_of(urns)
    by_urn: dict[int, list[HistoricOutcome]] = {}
    every_urn = {urn for school, replaced in predecessors.items() for urn in (school, *replaced)}
    for outcome in HistoricOutcome.objects.filter(urn__in=every_urn).order_by("-start_date", "-inspection_number"):
        by_urn.setdefault(outcome.urn, []).append(outcome)
    return {
        school: sorted(
            (outcome for urn in (school, *replaced) for outcome in by_urn.get(urn, ())),
            key=lambda outcome: (outcome.start_date, outcome.inspection_number), reverse=True,
        )  # fmt: skip
        for school, replaced in predecessors.items()
    }


def published_history(school: School) -> list[PublishedInspection]:
    """The school's published inspections, and those of the schools it replaced, newest first.

    Grades are listed area by area in the framework's order; there is never a one-word summary.
    """
    outcomes = published_outcomes_of([school.urn])[school.urn]
    names = dict(School.objects.filter(urn__in={school.urn, *(outcome.urn for outcome in outcomes)}).values_list("urn", "name"))
    labels = _framework_labels({outcome.framework_id for outcome in outcomes})
    history = []
    for outcome in outcomes:
        framework, scale, safeguarding, areas = labels[outcome.framework_id]
        # An overall grade is shown only where the framework still gave one when the inspection started.
        gives_overall_grade = (
            framework.overall_grade_until is not None and outcome.start_date < framework.overall_grade_until
        )
        area_grades = [
            AreaGrade(area.code, area.title, point.code, point.label, point.meaning)
            for area in areas
            if (point := scale.get(outcome.grades.get(area.code))) is not None
        ]
        history.append(
            PublishedInspection(
                inspection_number=outcome.inspection_number,
                urn=outcome.urn,
                school_name=names.get(outcome.urn, f"URN {outcome.urn}"),
                framework_code=framework.code,
                framework=framework.title,
                inspection_type=outcome.inspection_type,
                start_date=outcome.start_date,
                end_date=outcome.end_date,
                publication_date=outcome.publication_date,
                area_grades=area_grades,
                overall_grade=(
                    scale[outcome.overall_grade].label if gives_overall_grade and outcome.overall_grade in scale else ""
                ),
                overall_grade_until=framework.overall_grade_until,
                safeguarding=safeguarding.get(outcome.safeguarding, ""),
                category_of_concern=outcome.category_of_concern,
                ungraded_outcome=outcome.ungraded_outcome,
                report_card_url=report_card_url(outcome.inspection_number) if outcome.has_report_card else None,
            )
        )
    return history


# The data (core.versions) a school's profile is made from: its registry entry and links, its published record,
# and the frameworks that name its areas and grades. Pages and API answers cached from a profile name them.
SCHOOL_PROFILE_MADE_FROM = (REGISTRY_VERSION, PUBLISHED_RECORD_VERSION, FRAMEWORKS_VERSION)


@dataclass(frozen=True)
class SchoolProfile:
    """A school with what its page and the API's school show beside its details."""

    school: School
    links: list[dict]
    history: list[PublishedInspection]


def school_profile_or_404(urn: int) -> SchoolProfile:
    """The school with this URN, its links and its published history; Http404 naming the URN when no school
    has it (a page or an API answer of its own)."""
    school = School.objects.select_related("local_authority", "trust").filter(urn=urn).first()
    if school is None:
        raise Http404(f"No school has URN {urn}")
    return SchoolProfile(school=school, links=linked_schools(school), history=published_history(school))
