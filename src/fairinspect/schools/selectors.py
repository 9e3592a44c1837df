"""Reads of the school registry and its published history."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from fairinspect.frameworks.models import Framework
from fairinspect.schools import gias
from fairinspect.schools.models import HistoricOutcome, LocalAuthority, School, SchoolLink

# A full postcode ("SW1A 1AA") or just its outward part ("SW1A"), with or without the space.
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(\s*\d[A-Z]{2})?$")
_MAX_LINK_DEPTH = 10


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value.upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact


def search_schools(
    *, query: str = "", local_authority: LocalAuthority | None = None, include_closed: bool = False
) -> QuerySet[School]:
    """Schools matching a name, URN, postcode or local authority name, by name; closed ones (when asked for)
    after the rest."""
    schools = School.objects.select_related("local_authority")
    if not include_closed:
        schools = schools.not_closed()
    if local_authority is not None:
        schools = schools.filter(local_authority=local_authority)
    query = " ".join(query.split())
    if query.isdigit():
        schools = schools.filter(urn=int(query))
    elif _POSTCODE.match(query.upper()):
        postcode = normalise_postcode(query)
        # An outward code alone ("NW1") must not also find its neighbours ("NW10 1AA").
        schools = schools.filter(
            Q(postcode__iexact=postcode) if " " in postcode else Q(postcode__istartswith=f"{postcode} ")
        )
    elif query:
        schools = schools.filter(Q(name__icontains=query) | Q(local_authority__name__iexact=query))
    if not include_closed:
        return schools.order_by("name", "urn")
    return schools.annotate(
        closed_last=Case(When(status_code=gias.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("closed_last", "name", "urn")


def predecessor_urns(urn: int) -> list[int]:
    """The URNs this school replaced, nearest first (following chains such as school → academy → new academy)."""
    found: list[int] = []
    frontier = [urn]
    for _ in range(_MAX_LINK_DEPTH):
        links = SchoolLink.objects.filter(urn__in=frontier, link_type__startswith=gias.PREDECESSOR)
        frontier = [link for link in links.values_list("linked_urn", flat=True) if link != urn and link not in found]
        if not frontier:
            break
        found.extend(frontier)
    return found


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


def published_history(school: School) -> list[PublishedInspection]:
    """The school's published inspections, and those of the schools it replaced, newest first.

    Grades are listed area by area in the framework's order; there is never a one-word summary.
    """
    urns = [school.urn, *predecessor_urns(school.urn)]
    outcomes = list(HistoricOutcome.objects.filter(urn__in=urns).order_by("-start_date", "-inspection_number"))
    names = dict(School.objects.filter(urn__in=urns).values_list("urn", "name"))
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
            )
        )
    return history


def linked_schools(school: School) -> list[dict]:
    """Every GIAS link from this school, with the linked school's name where the registry has it."""
    links = list(SchoolLink.objects.filter(urn=school.urn).order_by("link_type", "linked_urn"))
    names = dict(School.objects.filter(urn__in=[link.linked_urn for link in links]).values_list("urn", "name"))
    return [
        {
            "urn": link.linked_urn,
            "name": names.get(link.linked_urn, ""),
            "link_type": link.link_type,
            "established_date": link.established_date,
        }
        for link in links
    ]


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
