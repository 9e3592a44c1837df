"""Concerns, complaints, independent adjudication and learning reviews (DOMAIN.md §5).

A concern is raised during on-site work (or the next working day) and answered by a senior inspector on duty who
is not on the team; a formal complaint follows the final report, may hold its publication, and is decided by a
complaints officer; the school may take it to independent adjudication, whose recommendations the inspectorate
answers (a declined one publicly, with its reason). A learning review follows a serious incident.
Little personal data is kept: who acted (accounts), and what they wrote.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from fairinspect.core.text import LINE, REASON, SHORT_NOTE


class ComplaintEvent(models.TextChoices):
    """The audit events of concerns, complaints and learning reviews, with the words a history shows."""

    CONCERN_RAISED = "concern.raised", "Concern raised"
    CONCERN_ANSWERED = "concern.answered", "Concern answered"
    COMPLAINT_MADE = "complaint.made", "Complaint made"
    HANDLER_ASSIGNED = "complaint.handler_assigned", "Complaint handler assigned"
    HOLD_RELEASED = "complaint.hold_released", "Hold on publication released"
    COMPLAINT_DECIDED = "complaint.decided", "Complaint decided"
    ACTION_TAKEN = "complaint.action_taken", "Action taken on a complaint"
    ESCALATED = "complaint.escalated", "Independent adjudication asked for"
    REFERRED = "complaint.referred", "Complaint sent to the adjudicator"
    RECOMMENDATION_RECEIVED = "complaint.recommendation_received", "Adjudicator's recommendation received"
    RECOMMENDATION_ANSWERED = "complaint.recommendation_answered", "Adjudicator's recommendation answered"
    INCIDENT_RECORDED = "serious_incident.recorded", "Serious incident recorded"
    REVIEW_COMMISSIONED = "learning_review.commissioned", "Learning review commissioned"
    FINDINGS_RECORDED = "learning_review.findings_recorded", "Learning review findings recorded"
    REVIEW_ACTION_ADDED = "learning_review.action_added", "Learning review action added"
    SUMMARY_PUBLISHED = "learning_review.summary_published", "Learning review summary published"


class Concern(models.Model):
    """A concern the school could not resolve with the lead inspector, routed to a senior inspector on duty."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT, related_name="concerns")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    details = models.TextField(max_length=REASON.limit)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_to_answer",
        help_text="The senior inspector on duty, not on the team, who must answer.",
    )  # fmt: skip
    respond_by = models.DateField(help_text="The working day by the end of which the handler must answer.")
    response = models.TextField(max_length=REASON.limit, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["respond_by", "raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True, response="") | (Q(responded_at__isnull=False) & ~Q(response="")),
                name="concern_answered_with_words",
            )
        ]


class Outcome(models.TextChoices):
    NOT_UPHELD = "not_upheld", "Not upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    UPHELD = "upheld", "Upheld"


class Complaint(models.Model):
    """A formal complaint about an inspection, its handling and outcome, and any independent adjudication."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT, related_name="complaints")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()
    grounds = models.TextField(max_length=REASON.limit)
    respond_by = models.DateField(help_text="The working day by which the complaints team must decide it.")
    holds_publication = models.BooleanField(
        default=False, help_text="Made soon enough after on-site work to hold the report's publication."
    )
    hold_released_at = models.DateTimeField(null=True, blank=True)
    hold_release_reason = models.TextField(max_length=REASON.limit, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints_handled"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(max_length=REASON.limit, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Independent adjudication: the school asks, the complaints team sends the file, the adjudicator recommends.
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_grounds = models.TextField(max_length=REASON.limit, blank=True)
    referred_at = models.DateTimeField(null=True, blank=True)
    adjudicator = models.CharField(max_length=LINE.limit, blank=True, help_text="Who adjudicates, as a body.")
    sent_to_adjudicator = models.TextField(
        max_length=REASON.limit, blank=True, help_text="What was sent to the adjudicator."
    )

    class Meta:
        ordering = ["respond_by", "made_at"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome="") | Q(outcome__in=Outcome.values), name="complaint_outcome_known"),
            models.CheckConstraint(
                condition=Q(outcome="", decided_at__isnull=True) | (~Q(outcome="") & Q(decided_at__isnull=False)),
                name="complaint_decided_with_outcome",
            ),
            models.CheckConstraint(
                condition=Q(escalated_at__isnull=True) | Q(decided_at__isnull=False), name="complaint_escalated_once_decided"
            ),
            models.CheckConstraint(
                condition=Q(referred_at__isnull=True) | Q(escalated_at__isnull=False), name="complaint_referred_once_escalated"
            ),
            models.CheckConstraint(
                condition=Q(hold_released_at__isnull=True) | Q(holds_publication=True), name="complaint_released_a_hold"
            ),
        ]


class ActionKind(models.TextChoices):
    REPORT_AMENDED = "report_amended", "Report amended"
    GRADE_CHANGED = "grade_changed", "Grade changed"
    REINSPECTION_PROPOSED = "reinspection_proposed", "Re-inspection proposed"


class ComplaintAction(models.Model):
    """Something done because a complaint was upheld, in whole or in part."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=30, choices=ActionKind.choices)
    details = models.TextField(max_length=REASON.limit)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["taken_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="complaint_action_kind_known")]


class Response(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Recommendation(models.Model):
    """One recommendation of the independent adjudicator, and the inspectorate's answer to it. A declined
    recommendation's reason is published."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(max_length=REASON.limit)
    received_at = models.DateTimeField()
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    response_reason = models.TextField(max_length=REASON.limit, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response="", answered_at__isnull=True)
                | (Q(response__in=Response.values) & Q(answered_at__isnull=False)),
                name="recommendation_answered_with_response",
            ),
            models.CheckConstraint(
                condition=~Q(response=Response.DECLINED) | ~Q(response_reason=""), name="recommendation_declined_with_reason"
            ),
        ]


class SeriousIncident(models.Model):
    """A serious incident connected with an inspection, recorded with as little personal data as will do."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT, related_name="serious_incidents")
    occurred_on = models.DateField()
    description = models.CharField(max_length=SHORT_NOTE.limit, help_text="No names or health details.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_on", "id"]


class LearningReview(models.Model):
    """The review a serious incident calls for, by a reviewer who had no part in the inspection."""

    incident = models.OneToOneField(SeriousIncident, on_delete=models.PROTECT, related_name="review")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_reviews")
    terms_of_reference = models.TextField(max_length=REASON.limit)
    commissioned_at = models.DateTimeField()
    findings = models.TextField(max_length=REASON.limit, blank=True)
    summary = models.TextField(max_length=REASON.limit, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-commissioned_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | (~Q(summary="") & ~Q(findings="")),
                name="learning_review_published_with_summary",
            )
        ]


class ReviewAction(models.Model):
    """An action a learning review calls for: who owns it (a post, not a person's name) and when it is due."""

    review = models.ForeignKey(LearningReview, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=LINE.limit)
    owner = models.CharField(max_length=LINE.limit, help_text="The post or team that owns it.")
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "id"]
