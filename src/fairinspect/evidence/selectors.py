"""Who may read and write evidence. Every page, API endpoint, file URL and export of evidence asks here.

A team member reads their own inspection's evidence; holders of READ_EVIDENCE (quality assurers, administrators)
read any inspection's, except a visit's: evidence under a framework whose rules say `evidence_firewalled` is
read by that visit's own team and no one else. Nobody reads evidence through another inspection: a grade cites
only records of its own inspection and area (`citable_evidence`).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from fairinspect.accounts.permissions import INSPECT, READ_EVIDENCE, holds
from fairinspect.frameworks.models import Area
from fairinspect.evidence.models import Attachment, EvidenceRecord
from fairinspect.inspections.models import Inspection, TeamMember


def is_on_team(user, inspection: Inspection) -> bool:
    return holds(user, INSPECT) and TeamMember.objects.filter(inspection=inspection, inspector__user=user).exists()


def is_firewalled(inspection: Inspection) -> bool:
    return bool((inspection.framework.rules or {}).get("evidence_firewalled"))


def evidence_visible_to(user) -> QuerySet[EvidenceRecord]:
    records = EvidenceRecord.objects.select_related("area", "written_by", "inspection__framework")
    seen = Q(pk__in=[])
    if holds(user, INSPECT):
        seen |= Q(Exists(TeamMember.objects.filter(inspection=OuterRef("inspection"), inspector__user=user)))
    if holds(user, READ_EVIDENCE):
        seen |= ~Q(inspection__framework__rules__evidence_firewalled=True)
    return records.filter(seen)


def reads_evidence_of(user, inspection: Inspection) -> bool:
    """Whether the user may read this inspection's evidence at all (so its evidence pages exist for them)."""
    return is_on_team(user, inspection) or (holds(user, READ_EVIDENCE) and not is_firewalled(inspection))


def evidence_of(user, inspection: Inspection) -> QuerySet[EvidenceRecord]:
    return evidence_visible_to(user).filter(inspection=inspection).prefetch_related("criteria", "attachments")


def attachments_visible_to(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(record__in=evidence_visible_to(user)).select_related("record")


def citable_evidence(inspection: Inspection, area: Area | None = None) -> QuerySet[EvidenceRecord]:
    """The records a grade of this inspection may cite: its own, of `area` (any area's, for safeguarding)."""
    records = EvidenceRecord.objects.filter(inspection=inspection).select_related("area")
    return records.filter(area=area) if area is not None else records
