"""Rebuilding the analytics figures from the published record.

The figures are made from their own tables (analytics.models), rebuilt whole from the published record and the
school registry: a rebuild is one transaction, so a page reads the old figures or the new, never a mixture,
and it is audited like every change. `refresh_analytics` (a command) runs it; the pages say when it last ran
and whether the record has changed since.
"""

import secrets
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from itertools import islice

from django.db.models import Avg, Count, Q

from fairinspect.analytics.context import fsm_band, size_band
from fairinspect.analytics.models import (
    AnalyticsEvent, ContextPrediction, FiguresBuilt, GradeFact, LeadCode, PublishedFact, Source,
)  # fmt: skip
from fairinspect.audit.services import SYSTEM_ACTOR, public_service, record_event
from fairinspect.complaints.models import Complaint
from fairinspect.core import versions, working_days
from fairinspect.core.actors import Actor
from fairinspect.frameworks.models import Framework
from fairinspect.inspections.models import TeamMember
from fairinspect.outcomes.models import PUBLISHED_RECORD_VERSION, HistoricOutcome
from fairinspect.reports.models import Report
from fairinspect.schools.models import School

BATCH = 5000
CONTEXT_FIELDS = ("phase", "region", "school_type", "fsm_band", "size_band")


@cache
def _working_days(end: date, published: date) -> int:
    return working_days.working_days_between(end, published)


def _school_context() -> dict[int, dict[str, str]]:
    """Every school's context as the registry holds it now (the figures group a past inspection by it too: the
    registry keeps no history of a school's free school meals share or size)."""
    context = {}
    rows = School.objects.values_list(
        "urn", "phase_name", "local_authority__region", "region", "type_group_name", "percentage_fsm", "number_of_pupils"
    )
    for urn, phase, la_region, region, type_group, fsm, pupils in rows.iterator(chunk_size=BATCH):
        context[urn] = {
            "phase": phase or "Not applicable",
            "region": region or la_region or "Unknown",
            "school_type": type_group or "Unknown",
            "fsm_band": fsm_band(fsm),
            "size_band": size_band(pupils),
        }
    return context


_NO_SCHOOL = {"phase": "Unknown", "region": "Unknown", "school_type": "Unknown", "fsm_band": "Unknown", "size_band": "Unknown"}


def _ranks() -> dict[int, tuple[str, dict[str, int]]]:
    """framework id → (its code, grade code → rank)."""
    return {
        framework.id: (framework.code, {point.code: point.rank for point in framework.scale.all()})
        for framework in Framework.objects.prefetch_related("scale")
    }


def _lead_codes() -> Callable[[int], str]:
    """Each lead's pseudonymous code: kept from earlier refreshes, made (at random) the first time a lead has a
    published inspection."""
    codes = dict(LeadCode.objects.values_list("inspector_id", "code"))
    taken = set(codes.values())

    def code_of(inspector_id: int) -> str:
        if inspector_id not in codes:
            code = "L" + secrets.token_hex(3).upper()
            while code in taken:
                code = "L" + secrets.token_hex(3).upper()
            LeadCode.objects.create(inspector_id=inspector_id, code=code)
            codes[inspector_id] = code
            taken.add(code)
        return codes[inspector_id]

    return code_of


def _own_publications() -> dict[str, tuple[int | None, bool]]:
    """Inspection number → (its lead's inspector id, whether a complaint held its publication), for every
    inspection published through fairinspect (never a pilot: reports refuses to publish one)."""
    numbered = dict(Report.objects.exclude(inspection_number="").values_list("inspection_id", "inspection_number"))
    leads = dict(
        TeamMember.objects.filter(is_lead=True, inspection_id__in=numbered).values_list("inspection_id", "inspector_id")
    )
    held = set(Complaint.objects.filter(holds_publication=True, inspection_id__in=numbered).values_list("inspection_id", flat=True))
    return {number: (leads.get(inspection), inspection in held) for inspection, number in numbered.items()}


def _published_rows() -> Iterator[dict]:
    """The published record, one dict per published inspection: every outcome the record holds with a
    publication date (an outcome without one was never published), imported or published here."""
    fields = (
        "id", "inspection_number", "urn", "framework_id", "inspection_type", "start_date", "end_date",
        "publication_date", "grades", "category_of_concern", "has_report_card",
    )  # fmt: skip
    own = _own_publications()
    published = HistoricOutcome.objects.filter(~Q(publication_date=None)).order_by("id").values(*fields)
    for row in published.iterator(chunk_size=BATCH):
        lead, waited = own.get(row["inspection_number"], (None, False)) if row["has_report_card"] else (None, False)
        source = Source.OWN if row["has_report_card"] else Source.HISTORIC
        yield {**row, "source": source, "lead_id": lead, "waited_on_complaint": waited}


def _facts(rows: Iterator[dict], context, ranks, lead_code_of) -> Iterator[tuple[PublishedFact, list[GradeFact]]]:
    for row in rows:
        framework_code, rank_of = ranks[row["framework_id"]]
        school = context.get(row["urn"], _NO_SCHOOL)
        end, published = row["end_date"] or row["start_date"], row["publication_date"]
        lead_code = lead_code_of(row["lead_id"]) if row["lead_id"] else ""
        fact = PublishedFact(
            inspection_number=row["inspection_number"], urn=row["urn"], source=row["source"],
            framework_code=framework_code, inspection_type=row["inspection_type"], start_date=row["start_date"],
            end_date=row["end_date"], publication_date=published,
            publication_month=published.replace(day=1) if published else None,
            working_days_to_publish=_working_days(end, published) if published and published >= end else None,
            waited_on_complaint=row["waited_on_complaint"], category_of_concern=row["category_of_concern"],
            lead_code=lead_code, **school,
        )  # fmt: skip
        grades = [
            GradeFact(
                source=row["source"], framework_code=framework_code, area_code=area, grade_code=grade,
                rank=rank_of[grade], lead_code=lead_code, **school,
            )  # fmt: skip
            for area, grade in row["grades"].items()
            if grade in rank_of
        ]
        yield fact, grades


@public_service
def refresh_figures(*, actor: Actor = None) -> int:
    """Rebuild the figures from the published record and the registry; returns how many inspections they hold."""
    (record_version,) = versions.current([PUBLISHED_RECORD_VERSION])
    GradeFact.objects.all().delete()
    PublishedFact.objects.all().delete()
    facts = _facts(_published_rows(), _school_context(), _ranks(), _lead_codes())
    total = 0
    while batch := list(islice(facts, BATCH)):
        made = PublishedFact.objects.bulk_create([fact for fact, _ in batch])
        grades = []
        for fact, (_, fact_grades) in zip(made, batch, strict=True):
            for grade in fact_grades:
                grade.fact_id = fact.pk
                grades.append(grade)
        GradeFact.objects.bulk_create(grades, batch_size=BATCH)
        total += len(batch)
    ContextPrediction.objects.all().delete()
    ContextPrediction.objects.bulk_create(
        ContextPrediction(framework_code=framework, area_code=area, phase=phase, fsm_band=band, mean_rank=mean, grades=n)
        for framework, area, phase, band, mean, n in GradeFact.objects.values_list(
            "framework_code", "area_code", "phase", "fsm_band"
        ).annotate(mean=Avg("rank"), n=Count("id")).order_by().iterator()
    )
    built_at = working_days.now()
    FiguresBuilt.objects.update_or_create(
        id=1, defaults={"record_version": record_version, "built_at": built_at, "inspections": total}
    )
    record_event(
        actor=actor, actor_label=None if actor else SYSTEM_ACTOR, action=AnalyticsEvent.REFRESHED,
        object_type="analytics", object_id="figures", after={"inspections": total, "record_version": record_version},
    )  # fmt: skip
    return total
