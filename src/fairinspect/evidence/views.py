"""Evidence pages: an inspection's evidence, writing a record about one area (a plain form that works without
JavaScript, for a tablet on site), a file attached to a record, and the evidence as a CSV export. Each finds the
inspection's evidence through `selectors`, so a visit's firewalled evidence is not found by anyone else."""

import csv
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from fairinspect.core import working_days
from fairinspect.evidence import services
from fairinspect.evidence.forms import EvidenceForm
from fairinspect.evidence.selectors import attachments_visible_to, evidence_of, is_on_team, reads_evidence_of
from fairinspect.frameworks.models import Area
from fairinspect.inspections.models import Inspection, State
from fairinspect.web.forms import submit


def _readable(request, pk: int) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.select_related("school", "framework"), pk=pk)
    if not reads_evidence_of(request.user, inspection):
        raise Http404("No inspection's evidence here for you")
    return inspection


def _areas(inspection: Inspection) -> list[Area]:
    areas = Area.objects.filter(framework=inspection.framework).order_by("order")
    return [area for area in areas if area.applies_to(inspection.school)]


def _today_at(moment: time | None) -> datetime | None:
    """A time given on the form, on the services' today (a tablet on site writes up the morning's lessons)."""
    return None if moment is None else datetime.combine(working_days.today(), moment, timezone.get_current_timezone())


@login_required
@never_cache
def evidence_list(request, pk: int):
    inspection = _readable(request, pk)
    writes = is_on_team(request.user, inspection) and inspection.state == State.ON_SITE
    return render(request, "evidence/list.html", {
        "page_title": f"Evidence: {inspection.school.name}", "inspection": inspection,
        "records": evidence_of(request.user, inspection), "areas": _areas(inspection) if writes else [],
        "on_team": is_on_team(request.user, inspection),
    })  # fmt: skip


@login_required
@never_cache
def write(request, pk: int, area_code: str):
    inspection = _readable(request, pk)
    if not is_on_team(request.user, inspection):
        raise PermissionDenied("Only the team of this inspection can write its evidence.")
    area = next((area for area in _areas(inspection) if area.code == area_code), None)
    if area is None:
        raise Http404("This inspection looks at no such area")
    form = EvidenceForm(*((request.POST, request.FILES) if request.method == "POST" else ()), area=area)
    status = 200
    if request.method == "POST":
        failed = submit(form, lambda data: services.write_evidence(
            actor=request.user, inspection=inspection, activity=data["activity"], area_code=area.code,
            text=data["text"], criteria=data["criteria"], attachments=data["attachments"],
            observed_at=_today_at(data["observed_at"]),
        ))  # fmt: skip
        if failed is None:
            messages.success(request, f"Evidence about {area.title.lower()} saved")
            return redirect("evidence:list", pk=inspection.pk)
        status = failed
    return render(request, "evidence/write.html", {
        "page_title": f"Evidence about {area.title.lower()}", "inspection": inspection, "area": area, "form": form,
        "back": reverse("evidence:list", args=[inspection.pk]),
    }, status=status)  # fmt: skip


@login_required
def attachment(request, pk: int):
    """A file, only to those who may read its record; never shown inline, never kept by a browser or a cache."""
    found = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@never_cache
def export(request, pk: int):
    inspection = _readable(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evidence-{inspection.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(["Record", "Observed at", "Activity", "Area", "Criteria", "Written by", "Text", "Attachments"])
    for record in evidence_of(request.user, inspection):
        writer.writerow([
            record.pk, record.observed_at.isoformat(), record.get_activity_display(), record.area.title,
            " ".join(criterion.code for criterion in record.criteria.all()), record.written_by.get_full_name(),
            record.text, len(record.attachments.all()),
        ])  # fmt: skip
    return response
