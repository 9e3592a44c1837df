"""An inspection's report (DOMAIN.md §4): the lead's narrative over the grades, the school's factual-accuracy
comments and the lead's answers, a request to review the grades, and the versions published.

Before publication a report is embargoed: `selectors.reports_visible_to` says who may read it. A published
version is a frozen copy of everything its report card shows (`content`), so an amendment makes a new version and
the old one stays readable, marked as replaced, exactly as it was published.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from fairinspect.core.text import NARRATIVE, REASON


class Report(models.Model):
    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.PROTECT, related_name="report")
    pupil_experience = models.TextField(
        blank=True, max_length=NARRATIVE.limit, help_text="What it is like to be a pupil at this school."
    )
    next_steps = models.TextField(blank=True, max_length=NARRATIVE.limit, help_text="What the school should do next.")
    # A visit publishes a letter to parents instead of a report card: no grade, no word of the scale.
    letter = models.TextField(blank=True, max_length=NARRATIVE.limit, help_text="A visit's letter to parents.")
    started_at = models.DateTimeField()
    revised_at = models.DateTimeField()
    sent_to_school_at = models.DateTimeField(null=True, blank=True)
    comments_due_on = models.DateField(null=True, blank=True, help_text="The last day of the school's comments.")
    school_finished_at = models.DateTimeField(null=True, blank=True, help_text="The school said it had no more.")
    returned_at = models.DateTimeField(null=True, blank=True)
    quality_assurance_comments = models.TextField(
        blank=True, max_length=REASON.limit, help_text="Why quality assurance last returned the report to the lead."
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text="When it was first published.")
    inspection_number = models.CharField(max_length=20, blank=True, help_text="In the published record, once there.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_to_school_at__isnull=True) | Q(comments_due_on__isnull=False),
                name="report_sent_with_a_deadline",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(inspection_number=""), name="report_published_numbered"
            ),
        ]

    def __str__(self):
        return f"Report of inspection {self.inspection_id}"


class Answer(models.TextChoices):
    PENDING = "pending", "Not answered yet"
    ACCEPTED = "accepted", "Accepted: the report is changed"
    REJECTED = "rejected", "Not accepted"


class FactualAccuracyComment(models.Model):
    """The school's comment on one section of the draft, and the lead's answer with its reason."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=100, help_text="The section of the draft: an area's code, or a narrative.")
    text = models.TextField(max_length=REASON.limit)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answer_reason = models.TextField(blank=True, max_length=REASON.limit)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["made_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(answer__in=Answer.values), name="fa_comment_answer_known"),
            models.CheckConstraint(
                condition=Q(answer=Answer.PENDING, answered_at__isnull=True)
                | (~Q(answer=Answer.PENDING) & Q(answered_at__isnull=False) & ~Q(answer_reason="")),
                name="fa_comment_answered_with_reason",
            ),
        ]

    def __str__(self):
        return f"Comment on {self.section} of report {self.report_id}"


class ReviewDecision(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    UPHELD = "upheld", "Upheld: a grade is changed"
    NOT_UPHELD = "not-upheld", "Not upheld: the grades stand"


class ReviewRequest(models.Model):
    """The school's request, in the factual-accuracy window, that a senior inspector not on the team review the
    grades; decided with reasons (an upheld request changes a grade through the grading app)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="review_requests")
    reason = models.TextField(max_length=REASON.limit)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decision = models.CharField(max_length=12, choices=ReviewDecision.choices, default=ReviewDecision.PENDING)
    decision_reason = models.TextField(blank=True, max_length=REASON.limit)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=ReviewDecision.values), name="review_decision_known"),
            models.UniqueConstraint(
                fields=["report"], condition=Q(decision=ReviewDecision.PENDING), name="review_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(decision=ReviewDecision.PENDING, decided_at__isnull=True)
                | (~Q(decision=ReviewDecision.PENDING) & Q(decided_at__isnull=False) & ~Q(decision_reason="")),
                name="review_decided_with_reason",
            ),
        ]

    def __str__(self):
        return f"Review request on report {self.report_id}"


class ReportVersion(models.Model):
    """One published version: everything its report card shows, frozen as published. Only the newest is current;
    an amendment marks the one before replaced (still readable, saying so)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amendment_reason = models.TextField(blank=True, max_length=REASON.limit, help_text="Why it replaced the last.")
    content = models.JSONField(help_text="What the report card shows, as published (selectors.ReportCard).")
    replaced_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="report-cards/", blank=True, max_length=200)

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number_once"),
            models.UniqueConstraint(
                fields=["report"], condition=Q(replaced_at__isnull=True), name="report_one_current_version"
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(amendment_reason=""), name="report_amendment_has_reason"
            ),
        ]

    def __str__(self):
        return f"Version {self.number} of report {self.report_id}"
