"""Grading pages: the inspection's grades (proposals, judgements, confirmed grades, safeguarding), one area's
criteria to judge, a proposal, safeguarding, the final feedback, and the school's provisional outcome. Each asks
`selectors` who may see it (404 otherwise) and calls one service; refusals come back on the form."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from fairinspect.evidence.selectors import citable_evidence, is_on_team
from fairinspect.frameworks.models import Area
from fairinspect.grading import services
from fairinspect.grading.forms import JudgementForm, ProposalForm, RegradeForm, SafeguardingForm
from fairinspect.grading.messages import SHARING, outcome_lines, support_signposting
from fairinspect.grading.selectors import (
    applicable_areas,
    area_grades_of,
    derivation_of,
    judges_on_site,
    regrades,
    grades_not_ready,
    outcome_of,
    proposals_of,
    reads_grading_of,
    safeguarding_of,
    sees_provisional_outcome,
)
from fairinspect.inspections.models import Inspection, State
from fairinspect.inspections.selectors import is_lead_of
from fairinspect.web.forms import ConfirmForm, change_page, submit


def _inspection(pk: int) -> Inspection:
    return get_object_or_404(Inspection.objects.select_related("school", "framework"), pk=pk)


def _graded(request, pk: int) -> Inspection:
    inspection = _inspection(pk)
    if not reads_grading_of(request.user, inspection):
        raise Http404("No grades here for you")
    return inspection


def _area(inspection: Inspection, area_code: str) -> Area:
    area = next((area for area in applicable_areas(inspection) if area.code == area_code), None)
    if area is None:
        raise Http404("This inspection grades no such area")
    return area


@login_required
@never_cache
def sheet(request, pk: int):
    inspection = _graded(request, pk)
    confirmed = area_grades_of(inspection)
    proposals = proposals_of(inspection)
    rows = [
        {
            "area": area, "grade": confirmed.get(area.code),
            "proposals": [proposal for proposal in proposals if proposal.area_id == area.pk],
        }
        for area in applicable_areas(inspection)
    ]  # fmt: skip
    return render(request, "grading/sheet.html", {
        "page_title": f"Grades: {inspection.school.name}", "inspection": inspection, "rows": rows,
        "safeguarding": safeguarding_of(inspection), "outcome": outcome_of(inspection),
        "is_lead": is_lead_of(request.user, inspection), "on_team": is_on_team(request.user, inspection),
        "not_ready": grades_not_ready(inspection), "gives_feedback": judges_on_site(request.user, inspection),
    })  # fmt: skip


@login_required
@never_cache
def area_page(request, pk: int, area_code: str):
    inspection = _graded(request, pk)
    area = _area(inspection, area_code)
    area_grade = area_grades_of(inspection).get(area.code)
    judges = is_lead_of(request.user, inspection) and inspection.state == State.ON_SITE
    if request.method == "POST" and not judges:
        raise PermissionDenied("Only the lead inspector of this inspection can judge its criteria, while on site.")
    records = citable_evidence(inspection, area)
    form = JudgementForm(
        request.POST if request.method == "POST" else None, area=area, area_grade=area_grade, records=records,
        grades=inspection.framework.scale.order_by("rank"),
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        failed = submit(form, lambda data: services.judge_area(
            actor=request.user, inspection=inspection, area_code=area.code, judgements=form.judgements(),
            version=data["version"], confirm=data["confirm"] or None, rationale=data["rationale"],
        ))  # fmt: skip
        if failed is None:
            messages.success(request, f"{area.title}: judgements saved" + (" and grade confirmed" if form.cleaned_data["confirm"] else ""))
            return redirect("grading:area", pk=inspection.pk, area_code=area.code)
        status = failed
    return render(request, "grading/area.html", {
        "page_title": f"{area.title}: {inspection.school.name}", "inspection": inspection, "area": area,
        "area_grade": area_grade, "derivation": derivation_of(area_grade, area), "form": form if judges else None,
        "records": records, "proposals": [p for p in proposals_of(inspection) if p.area_id == area.pk],
        "proposes": is_on_team(request.user, inspection) and inspection.state == State.ON_SITE,
        "regrades": regrades(request.user, inspection),
    }, status=status)  # fmt: skip


@login_required
@never_cache
def regrade(request, pk: int, area_code: str):
    inspection = _graded(request, pk)
    area = _area(inspection, area_code)
    if not regrades(request.user, inspection):
        raise PermissionDenied(
            "Grades are changed after the final feedback, by someone who may change them and was not on the team."
        )
    return regrade_page(
        request, inspection, area, back=reverse("grading:area", args=[inspection.pk, area.code]),
        change=lambda form: services.regrade_area(
            actor=request.user, inspection=inspection, area_code=area.code, judgements=form.judgements(),
            reason=form.cleaned_data["reason"], rationale=form.cleaned_data["rationale"] or None,
        ),
    )  # fmt: skip


def regrade_page(request, inspection: Inspection, area: Area, *, change: Callable[[RegradeForm], object], back: str):
    """The page that judges an area's criteria again after the final feedback, for whoever makes the change with
    it: this app's own page, and a complaint's action (which records the change as the complaint's too). The
    caller has checked who may; the service checks again."""
    form = RegradeForm(
        request.POST if request.method == "POST" else None, area=area, area_grade=area_grades_of(inspection).get(area.code),
        records=citable_evidence(inspection, area),
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        failed = submit(form, lambda data: change(form))
        if failed is None:
            messages.success(request, f"{area.title}: the grade is changed")
            return redirect(back)
        status = failed
    return render(request, "web/change.html", {
        "page_title": f"Change the grade for {area.title.lower()}", "form": form, "back": back,
        "button": "Change the grade", "warning": True,
        "intro": "Judge the criteria again: the area's grade becomes the one the judgements then support, under the "
        "same citation rules. The change and its reason are recorded in the audit trail.",
    }, status=status)  # fmt: skip


@login_required
@never_cache
def propose(request, pk: int, area_code: str):
    inspection = _graded(request, pk)
    area = _area(inspection, area_code)
    if not is_on_team(request.user, inspection):
        raise PermissionDenied("Only the team of this inspection can propose its grades.")
    return change_page(
        request, partial(ProposalForm, grades=inspection.framework.scale.order_by("rank")),
        lambda data: services.propose_grade(
            actor=request.user, inspection=inspection, area_code=area.code, grade=data["grade"].code, note=data["note"]
        ),
        done=f"Your proposal for {area.title.lower()} is saved", back=reverse("grading:area", args=[inspection.pk, area.code]),
        page_title=f"Propose a grade for {area.title.lower()}", button="Propose this grade",
        intro="The lead inspector weighs every proposal; the grade itself follows from the criteria they judge.",
    )  # fmt: skip


@login_required
@never_cache
def safeguarding(request, pk: int):
    inspection = _graded(request, pk)
    if not judges_on_site(request.user, inspection):
        raise PermissionDenied("Only the lead inspector of this inspection can judge safeguarding, while on site.")
    form_class = partial(
        SafeguardingForm, outcomes=inspection.framework.safeguarding_outcomes.all(), records=citable_evidence(inspection),
        current=safeguarding_of(inspection),
    )  # fmt: skip
    return change_page(
        request, form_class,
        lambda data: services.judge_safeguarding(
            actor=request.user, inspection=inspection, outcome=data["outcome"].code, cites=data["cites"],
            rationale=data["rationale"], version=data["version"], remediable=data["remediable"],
        ),
        done="Safeguarding judged", back=reverse("grading:sheet", args=[inspection.pk]),
        page_title="Judge safeguarding", button="Save the judgement",
    )  # fmt: skip


@login_required
@never_cache
def feedback(request, pk: int):
    inspection = _inspection(pk)
    if not is_on_team(request.user, inspection):
        raise Http404("No such inspection here for you")
    if not is_lead_of(request.user, inspection):
        raise PermissionDenied("Only the lead inspector of this inspection can give its final feedback.")
    return change_page(
        request, ConfirmForm, lambda data: services.give_feedback(actor=request.user, inspection=inspection),
        done="The final feedback is recorded, and the school has been emailed its provisional outcome",
        back=reverse("inspections:detail", args=[inspection.pk]),
        page_title="Give the final feedback", button="Record the final feedback",
        intro=grades_not_ready(inspection) or "This ends on-site work. The school is emailed its provisional outcome "
        "straight away, with what it may share and where to find support.",
    )  # fmt: skip


@login_required
@never_cache
def provisional(request, pk: int):
    inspection = _inspection(pk)
    if not sees_provisional_outcome(request.user, inspection):
        raise Http404("No provisional outcome here for you")
    outcome = outcome_of(inspection)
    return render(request, "grading/provisional.html", {
        "page_title": f"Provisional outcome: {inspection.school.name}", "inspection": inspection, "outcome": outcome,
        "lines": outcome_lines(outcome), "sharing": SHARING, "support": support_signposting(),
    })  # fmt: skip
