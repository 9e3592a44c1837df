"""Grading over JSON: the same services and visibility rules as the pages. An area is judged by PUT with the
version the lead read; a change made since is refused (409) saying what changed."""

from typing import Annotated

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from fairinspect.core.text import LINE, REASON
from fairinspect.evidence.selectors import is_on_team
from fairinspect.grading import services
from fairinspect.grading.messages import SHARING, outcome_lines, support_signposting
from fairinspect.grading.selectors import (
    applicable_areas,
    area_grades_of,
    outcome_of,
    proposals_of,
    reads_grading_of,
    safeguarding_of,
    sees_provisional_outcome,
)
from fairinspect.inspections.models import Inspection, State
from fairinspect.web.api_errors import CHANGE_ERROR_RESPONSES, SIGNED_IN_ERROR_RESPONSES
from fairinspect.web.api_inputs import Text

router = Router(tags=["grading"], auth=django_auth)

RecordId = Annotated[int, Field(ge=1, le=2**31 - 1)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]


class JudgementOut(Schema):
    criterion: str
    holds: bool
    cites: list[int]


class ProposalOut(Schema):
    grade: str
    note: str
    proposed_by: str


class AreaOut(Schema):
    area: str
    title: str
    grade: str | None
    rationale: str
    version: int
    judgements: list[JudgementOut]
    proposals: list[ProposalOut]


class SafeguardingOut(Schema):
    outcome: str
    remediable: bool
    rationale: str
    cites: list[int]
    version: int


class GradesOut(Schema):
    areas: list[AreaOut]
    safeguarding: SafeguardingOut | None


class JudgementIn(Schema):
    holds: bool = Field(description="A criterion met; an indicator (a failing) found.")
    cites: list[RecordId] = Field(max_length=200, description="Evidence records of this inspection and area.")


class JudgeIn(Schema):
    version: Version = Field(description="The area's version as last read: a change since is refused with what changed.")
    judgements: dict[Annotated[str, Field(max_length=80)], JudgementIn] = Field(max_length=100)
    confirm: Text | None = Field(None, description="A grade's code to confirm; it must be the one the judgements support.")
    rationale: Text = Field("", description=f"Why the area has this grade: at most {REASON.limit:,} characters.")


class ProposalIn(Schema):
    grade: Text
    note: Text = Field("", description=f"One line, at most {LINE.limit} characters.")


class SafeguardingIn(Schema):
    version: Version
    outcome: Text
    cites: list[RecordId] = Field(max_length=200)
    rationale: Text
    remediable: bool = False


class ProvisionalOut(Schema):
    state: State
    grades: list[str]
    category: str | None
    sharing: str
    support: str


def _inspection(inspection_id: int) -> Inspection:
    return get_object_or_404(Inspection.objects.select_related("school", "framework"), pk=inspection_id)


def _graded(request, inspection_id: int) -> Inspection:
    inspection = _inspection(inspection_id)
    if not reads_grading_of(request.user, inspection):
        raise Http404("No grades here for you")
    return inspection


def _grades(inspection: Inspection) -> GradesOut:
    stored = area_grades_of(inspection)
    proposals = proposals_of(inspection)
    areas = []
    for area in applicable_areas(inspection):
        grade = stored.get(area.code)
        judgements = (
            [
                JudgementOut(criterion=j.criterion.code, holds=j.holds, cites=[r.pk for r in j.cites.all()])
                for j in grade.judgements.select_related("criterion").prefetch_related("cites")
            ]
            if grade else []
        )  # fmt: skip
        areas.append(AreaOut(
            area=area.code, title=area.title, grade=grade.grade.code if grade and grade.grade else None,
            rationale=grade.rationale if grade else "", version=grade.version if grade else 0, judgements=judgements,
            proposals=[
                ProposalOut(grade=p.grade.code, note=p.note, proposed_by=p.proposed_by.get_full_name())
                for p in proposals if p.area_id == area.pk
            ],
        ))  # fmt: skip
    judged = safeguarding_of(inspection)
    safeguarding = SafeguardingOut(
        outcome=judged.outcome.code, remediable=judged.remediable, rationale=judged.rationale,
        cites=[r.pk for r in judged.cites.all()], version=judged.version,
    ) if judged else None  # fmt: skip
    return GradesOut(areas=areas, safeguarding=safeguarding)


@router.get("/inspections/{inspection_id}/grades", response={200: GradesOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="inspection-grades")
def grades(request, inspection_id: int):
    return _grades(_graded(request, inspection_id))


@router.put("/inspections/{inspection_id}/grades/{area_code}", response={200: GradesOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-area-grade")
def judge_area(request, inspection_id: int, area_code: str, data: JudgeIn):
    inspection = _graded(request, inspection_id)
    services.judge_area(
        actor=request.user, inspection=inspection, area_code=area_code, version=data.version,
        judgements={code: services.Judgement(j.holds, tuple(j.cites)) for code, j in data.judgements.items()},
        confirm=data.confirm, rationale=data.rationale,
    )  # fmt: skip
    return _grades(inspection)


@router.post("/inspections/{inspection_id}/grades/{area_code}/proposals", response={201: GradesOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-area-proposals")
def propose(request, inspection_id: int, area_code: str, data: ProposalIn):
    inspection = _graded(request, inspection_id)
    services.propose_grade(actor=request.user, inspection=inspection, area_code=area_code, grade=data.grade, note=data.note)
    return Status(201, _grades(inspection))


@router.put("/inspections/{inspection_id}/safeguarding", response={200: GradesOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-safeguarding")
def judge_safeguarding(request, inspection_id: int, data: SafeguardingIn):
    inspection = _graded(request, inspection_id)
    services.judge_safeguarding(
        actor=request.user, inspection=inspection, outcome=data.outcome, cites=data.cites, rationale=data.rationale,
        version=data.version, remediable=data.remediable,
    )  # fmt: skip
    return _grades(inspection)


def _provisional(inspection: Inspection) -> ProvisionalOut:
    outcome = outcome_of(inspection)
    return ProvisionalOut(
        state=State(inspection.state), grades=[line.removeprefix("- ") for line in outcome_lines(outcome)],
        category=outcome.category.title if outcome.category else None, sharing=SHARING, support=support_signposting(),
    )  # fmt: skip


@router.post("/inspections/{inspection_id}/feedback", response={200: ProvisionalOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-feedback")
def give_feedback(request, inspection_id: int):
    inspection = _inspection(inspection_id)
    if not is_on_team(request.user, inspection):
        raise Http404("No such inspection here for you")
    return _provisional(services.give_feedback(actor=request.user, inspection=inspection))


@router.get("/inspections/{inspection_id}/provisional-outcome", response={200: ProvisionalOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="inspection-provisional-outcome")
def provisional_outcome(request, inspection_id: int):
    inspection = _inspection(inspection_id)
    if not sees_provisional_outcome(request.user, inspection):
        raise Http404("No provisional outcome here for you")
    return _provisional(inspection)
