"""Grades that follow from evidence (DOMAIN.md §4): team members propose a grade per applicable area; the lead
judges each toolkit criterion met or not (each indicator found or not), citing evidence records of that
inspection and area; the grade confirmed is the one the judgements support (`rules.derive`). Safeguarding is
judged met or not met, also citing evidence.

An area's judgements and its confirmed grade change together, under the area's `version`: a writer sends the
version they saw, and a change made since refuses theirs with what changed (no edit silently overwrites another).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from fairinspect.core.text import LINE, REASON


class GradingEvent(models.TextChoices):
    PROPOSED = "grading.proposed", "Grade proposed"
    JUDGED = "grading.judged", "Criteria judged"
    CONFIRMED = "grading.confirmed", "Grade confirmed"
    SAFEGUARDING_JUDGED = "grading.safeguarding_judged", "Safeguarding judged"
    REGRADED = "grading.regraded", "Grade changed after feedback"


class GradeProposal(models.Model):
    """A team member's view of an area's grade, for the lead to weigh; it decides nothing."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="grade_proposals")
    area = models.ForeignKey("frameworks.Area", on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey("frameworks.ScalePoint", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=LINE.limit, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()

    class Meta:
        ordering = ["area__order", "proposed_at"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area", "proposed_by"], name="grade_proposal_once_per_person")
        ]


class AreaGrade(models.Model):
    """An area of one inspection: its judgements, and the grade confirmed from them (none until confirmed)."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="area_grades")
    area = models.ForeignKey("frameworks.Area", on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey("frameworks.ScalePoint", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    rationale = models.TextField(max_length=REASON.limit, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["area__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="area_grade_once_per_area"),
            models.CheckConstraint(
                condition=Q(grade__isnull=True, confirmed_at__isnull=True)
                | Q(grade__isnull=False, confirmed_at__isnull=False),
                name="area_grade_confirmed_with_a_grade",
            ),
        ]


class CriterionJudgement(models.Model):
    area_grade = models.ForeignKey(AreaGrade, on_delete=models.CASCADE, related_name="judgements")
    criterion = models.ForeignKey("frameworks.Criterion", on_delete=models.PROTECT, related_name="+")
    holds = models.BooleanField(help_text="A criterion met; an indicator (a failing) found.")
    cites = models.ManyToManyField("evidence.EvidenceRecord", related_name="+")

    class Meta:
        ordering = ["criterion__level__rank", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["area_grade", "criterion"], name="criterion_judged_once_per_area")
        ]


class SafeguardingJudgement(models.Model):
    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.CASCADE, related_name="safeguarding")
    outcome = models.ForeignKey("frameworks.SafeguardingOutcome", on_delete=models.PROTECT, related_name="+")
    remediable = models.BooleanField(
        default=False, help_text="Not met, but can be put right within the framework's return-visit period."
    )
    rationale = models.TextField(max_length=REASON.limit)
    cites = models.ManyToManyField("evidence.EvidenceRecord", related_name="+")
    version = models.PositiveIntegerField(default=0)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField()
