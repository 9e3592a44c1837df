"""Bringing an inspection to confirmed grades and its final feedback through the real services: evidence written
by its lead, every criterion the grade needs judged citing it, safeguarding judged. For the tests of the apps
above grading (reports) as much as for grading's own.

    inspection = make_inspection(State.ON_SITE)      # tests/conftest.py
    confirm_grades(inspection, {"leadership-and-governance": "urgent-improvement"})
    give_feedback(inspection)
"""

from fairinspect.evidence.models import Activity
from fairinspect.evidence.services import write_evidence
from fairinspect.frameworks.models import Area
from fairinspect.grading import services
from fairinspect.grading.models import AreaGrade, SafeguardingJudgement
from fairinspect.grading.rules import judgements_for, minimum_citations
from fairinspect.grading.selectors import applicable_areas, toolkit_of
from fairinspect.inspections.models import Inspection
from fairinspect.inspections.selectors import lead_of

EXPECTED = "expected-standard"


def lead_user(inspection: Inspection):
    lead = lead_of(inspection)
    assert lead is not None, "the inspection needs a lead inspector"
    return lead.inspector.user


def write_records(inspection: Inspection, area: Area, how_many: int, *, by=None) -> list[int]:
    """`how_many` evidence records about `area`, written by `by` (the lead unless said): their ids."""
    return [
        write_evidence(
            actor=by or lead_user(inspection), inspection=inspection, activity=Activity.LESSON_VISIT, area_code=area.code,
            text=f"Observed in a lesson: what pupils learned about {area.title.lower()} ({number}).",
        ).pk
        for number in range(1, how_many + 1)
    ]  # fmt: skip


def area_version(inspection: Inspection, area_code: str) -> int:
    stored = AreaGrade.objects.filter(inspection=inspection, area__code=area_code).first()
    return stored.version if stored else 0


def confirm_area(inspection: Inspection, area: Area, grade: str, *, cites: list[int] | None = None):
    rules = inspection.framework.rules
    cites = cites if cites is not None else write_records(inspection, area, minimum_citations(rules, grade))
    judgements = {
        code: services.Judgement(holds, tuple(cites)) for code, holds in judgements_for(toolkit_of(area), grade).items()
    }
    return services.judge_area(
        actor=lead_user(inspection), inspection=inspection, area_code=area.code, judgements=judgements,
        version=area_version(inspection, area.code), confirm=grade, rationale=f"The evidence shows {grade}.",
    )  # fmt: skip


def confirm_grades(
    inspection: Inspection, grades: dict[str, str] | None = None, safeguarding: str = "met", *, remediable: bool = False
) -> Inspection:
    """Confirm a grade for every area the inspection grades (expected standard unless `grades` says otherwise, by
    area code → scale code) and judge safeguarding (`met` or `not-met`, `remediable` within the framework's
    period). The inspection must be on site."""
    grades = grades or {}
    areas = applicable_areas(inspection)
    unknown = set(grades) - {area.code for area in areas}
    assert not unknown, f"the inspection does not grade {sorted(unknown)}"
    cited: list[int] = []
    for area in areas:
        area_grade = confirm_area(inspection, area, grades.get(area.code, EXPECTED))
        cited = cited or list(area_grade.judgements.first().cites.values_list("pk", flat=True))
    if areas:
        stored = SafeguardingJudgement.objects.filter(inspection=inspection).first()
        services.judge_safeguarding(
            actor=lead_user(inspection), inspection=inspection, outcome=safeguarding, cites=cited,
            rationale="Leaders keep pupils safe." if safeguarding == "met" else "Checks on staff are not made.",
            version=stored.version if stored else 0, remediable=remediable,
        )  # fmt: skip
    return Inspection.objects.get(pk=inspection.pk)


def give_feedback(inspection: Inspection) -> Inspection:
    services.give_feedback(actor=lead_user(inspection), inspection=inspection)
    return Inspection.objects.get(pk=inspection.pk)
