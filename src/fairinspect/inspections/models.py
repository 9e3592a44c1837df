"""An inspection and its life (DOMAIN.md §4): the team, deferrals, pauses and national halts.

`Inspection.state` is written only by `inspections.lifecycle.transition`: only a save after `enter_state`
writes the column at all (any other save leaves it out, and refuses a changed state), and querysets refuse to
create inspections or update their state in bulk.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from fairinspect.core.text import LINE, REASON, SHORT_NOTE


class Kind(models.TextChoices):
    FULL = "full", "Full inspection"
    MONITORING = "monitoring", "Monitoring inspection"
    FOCUSED_MONITORING = "focused-monitoring", "Focused monitoring inspection"
    VISIT = "visit", "Visit"
    PILOT = "pilot", "Pilot inspection"


class State(models.TextChoices):
    PLANNED = "planned", "Planned"
    NOTIFIED = "notified", "School notified"
    ON_SITE = "on_site", "On site"
    PAUSED = "paused", "Paused"
    DEFERRED = "deferred", "Deferred"
    CANCELLED = "cancelled", "Cancelled"
    # Reached through evidence, grades and reports, which later work adds as transitions of their own.
    FEEDBACK_GIVEN = "feedback_given", "Feedback given"
    DRAFT_REPORT = "draft_report", "Draft report"
    FACTUAL_ACCURACY_CHECK = "factual_accuracy_check", "Factual accuracy check"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
    PUBLISHED = "published", "Published"


# The team is at the school, or would be but for a pause.
IN_PROGRESS = frozenset({State.ON_SITE, State.PAUSED})
# Not yet on site: the school may still ask to defer, and the team's dates may still change.
BEFORE_ON_SITE = frozenset({State.PLANNED, State.NOTIFIED})
# Ahead or under way: what an inspector's record lists as their current inspections.
AHEAD_OR_UNDER_WAY = BEFORE_ON_SITE | IN_PROGRESS
# An inspection in these holds its team's time, and counts towards their load in its term: a deferred one's
# dates are void until it is replanned, and a cancelled one never happens.
BOOKING_STATES = frozenset(set(State) - {State.CANCELLED, State.DEFERRED})


class InspectionEvent(models.TextChoices):
    """What an inspection's audit events record, with the words its history shows for each."""

    PLANNED = "inspection.planned", "Planned"
    INSPECTOR_ASSIGNED = "inspection.inspector_assigned", "Inspector assigned"
    INSPECTOR_REMOVED = "inspection.inspector_removed", "Inspector removed"
    REPLANNED = "inspection.replanned", "Given new dates"
    NOTIFIED = "inspection.notified", "School notified"
    STARTED = "inspection.started", "On-site work started"
    DEFERRAL_REQUESTED = "inspection.deferral_requested", "Deferral requested"
    DEFERRAL_GRANTED = "inspection.deferral_granted", "Deferral granted"
    DEFERRAL_REFUSED = "inspection.deferral_refused", "Deferral refused"
    PAUSED = "inspection.paused", "Paused"
    PAUSE_CONFIRMED = "inspection.pause_confirmed", "Pause confirmed"
    RESUMED = "inspection.resumed", "Resumed"
    DEFERRED = "inspection.deferred", "Deferred"
    CANCELLED = "inspection.cancelled", "Cancelled"
    FEEDBACK_GIVEN = "inspection.feedback_given", "Final feedback given"
    # The report.
    DRAFT_STARTED = "inspection.draft_started", "Report drafting started"
    DRAFT_REVISED = "inspection.draft_revised", "Draft report revised"
    SENT_FOR_FACTUAL_ACCURACY = "inspection.sent_for_factual_accuracy", "Draft report sent to the school"
    FACTUAL_ACCURACY_COMMENTED = "inspection.factual_accuracy_commented", "School commented on the draft"
    FACTUAL_ACCURACY_FINISHED = "inspection.factual_accuracy_finished", "School finished commenting"
    COMMENT_ANSWERED = "inspection.comment_answered", "School's comment answered"
    REVIEW_REQUESTED = "inspection.review_requested", "Review of the grades requested"
    REVIEW_DECIDED = "inspection.review_decided", "Review of the grades decided"
    SENT_TO_QUALITY_ASSURANCE = "inspection.sent_to_quality_assurance", "Report sent for quality assurance"
    RETURNED_BY_QUALITY_ASSURANCE = "inspection.returned_by_quality_assurance", "Report returned to the lead"
    PUBLISHED = "inspection.published", "Report published"
    AMENDED = "inspection.amended", "Published report amended"


class LifecycleEvent(models.TextChoices):
    """Audit events of the lifecycle that are about no one inspection."""

    OFFER_CREATED = "deferral_offer.created", "Standing offer to defer made"
    OFFER_WITHDRAWN = "deferral_offer.withdrawn", "Standing offer to defer withdrawn"
    HALT_STARTED = "national_halt.started", "Inspections halted nationally"
    HALT_LIFTED = "national_halt.lifted", "National halt lifted"
    PROPOSED = "inspection_proposal.made", "Inspection proposed to the scheduling team"


class StateWriteError(Exception):
    """Code tried to change an inspection's state other than through a transition function."""


_REFUSED = "an inspection's state changes only through its transition functions"


class InspectionQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # A new inspection gets its first state from plan_inspection, which audits it; rows written in bulk
        # would have a state no event accounts for.
        raise StateWriteError("inspections are created one at a time, by planning them")

    def update(self, **kwargs):
        if "state" in kwargs:
            raise StateWriteError(_REFUSED)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if "state" in fields:
            raise StateWriteError(_REFUSED)
        return super().bulk_update(objs, fields, *args, **kwargs)


class Inspection(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="inspections")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=30, choices=State.choices, editable=False)
    starts_on = models.DateField(help_text="The first day on site.")
    ends_on = models.DateField(help_text="The last day on site.")
    school_told_at = models.DateTimeField(
        null=True, blank=True, help_text="When the school was first notified; until then it does not see it."
    )
    # The dates the school was last told, which are the only ones it sees: dates given after a replan stay
    # the inspectorate's until the school is notified of them.
    told_starts_on = models.DateField(null=True, blank=True, help_text="The first day on site the school was told.")
    told_ends_on = models.DateField(null=True, blank=True, help_text="The last day on site the school was told.")
    started_at = models.DateTimeField(null=True, blank=True, help_text="When on-site work (last) started.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [
            models.Index(fields=["state", "starts_on"], name="inspection_state_start"),
            models.Index(fields=["school", "starts_on"], name="inspection_school_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="inspection_state_known"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="inspection_kind_known"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="inspection_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(state__in=[State.ON_SITE, State.PAUSED]) | Q(started_at__isnull=False),
                name="inspection_in_progress_has_started",
            ),
            models.CheckConstraint(
                condition=Q(state=State.PLANNED) | Q(state=State.CANCELLED) | Q(school_told_at__isnull=False),
                name="inspection_school_told_once_notified",
            ),
            models.CheckConstraint(
                condition=Q(school_told_at__isnull=True, told_starts_on__isnull=True, told_ends_on__isnull=True)
                | Q(school_told_at__isnull=False, told_starts_on__isnull=False, told_ends_on__gte=F("told_starts_on")),
                name="inspection_school_told_dates",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.school.name}, {self.starts_on}"

    # The state as stored when this copy was loaded or last saved, and whether a transition has set a new one.
    _stored_state = None
    _state_change_allowed = False

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_state = instance.__dict__.get("state")
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if "state" in self.__dict__ and (fields is None or "state" in fields):
            self._stored_state = self.state
            self._state_change_allowed = False

    def enter_state(self, state: State) -> None:
        """Set the new state for the next save. Only `inspections.lifecycle` calls this (a test checks)."""
        self.state = state
        self._state_change_allowed = True

    def save(self, *, update_fields=None, **kwargs):
        if self._state_change_allowed:
            super().save(update_fields=update_fields, **kwargs)
            self._stored_state, self._state_change_allowed = self.state, False
            return
        if self._state.adding:
            raise StateWriteError("a new inspection gets its first state by being planned")
        if self.__dict__.get("state", self._stored_state) != self._stored_state:
            raise StateWriteError(_REFUSED)
        # Any other save leaves the state column alone, so a stale copy cannot write back a state that a
        # transition has since changed (with no audit event for the change).
        if update_fields is None:
            update_fields = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname in self.__dict__
            ]
        super().save(update_fields=[name for name in update_fields if name != "state"], **kwargs)

    @property
    def is_graded(self) -> bool:
        return self.framework.is_graded


class TeamMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    inspector = models.ForeignKey("workforce.Inspector", on_delete=models.PROTECT, related_name="assignments")
    is_lead = models.BooleanField(default=False)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_lead", "assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="team_member_once_per_inspection"),
            models.UniqueConstraint(fields=["inspection"], condition=Q(is_lead=True), name="team_one_lead"),
        ]

    def __str__(self):
        return f"{self.inspector} on inspection {self.inspection_id}{' (lead)' if self.is_lead else ''}"


class DeferralGround(models.TextChoices):
    HEADTEACHER_ABSENT = "headteacher-absent", "The headteacher is absent"
    LEADER_WELLBEING = "leader-wellbeing", "A senior leader's wellbeing"
    SERIOUS_INCIDENT = "serious-incident", "A serious incident or bereavement"
    BUILDING_WORK = "building-work", "Major building work"
    EXCEPTIONAL = "exceptional", "Exceptional circumstances"
    # A ground of its own, so that taking up the offer needs no other reason.
    BLANKET_OFFER = "blanket-offer", "Taking up our standing offer to defer, made to every school while it lasts"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    LAPSED = "lapsed", "No longer needed (the inspection was cancelled)"


class BlanketDeferralOffer(models.Model):
    """A standing offer: a deferral asked for on `ground` between the two dates is granted at once."""

    ground = models.CharField(max_length=30, choices=DeferralGround.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    description = models.CharField(max_length=LINE.limit, help_text="What the offer is, as schools will read it.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "standing offer to defer"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="blanket_offer_ends_after_start"),
            models.CheckConstraint(condition=Q(ground__in=DeferralGround.values), name="blanket_offer_ground_known"),
        ]

    def __str__(self):
        return f"{self.get_ground_display()} granted from {self.starts_on} to {self.ends_on}"


class DeferralRequest(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="deferral_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(max_length=30, choices=DeferralGround.choices)
    details = models.TextField(max_length=REASON.limit)
    requested_at = models.DateTimeField()
    decide_by = models.DateField(help_text="The working day by which the scheduling team must decide.")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, max_length=REASON.limit)
    granted_by_offer = models.ForeignKey(
        BlanketDeferralOffer, null=True, blank=True, on_delete=models.PROTECT, related_name="granted_requests"
    )

    class Meta:
        ordering = ["decide_by", "requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(decision=Decision.PENDING), name="deferral_one_pending_request"
            ),
            models.CheckConstraint(condition=Q(ground__in=DeferralGround.values), name="deferral_ground_known"),
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="deferral_decision_known"),
            models.CheckConstraint(condition=~Q(details=""), name="deferral_has_details"),
            models.CheckConstraint(
                condition=Q(decision=Decision.PENDING, decided_at__isnull=True, decision_reason="")
                | (~Q(decision=Decision.PENDING) & Q(decided_at__isnull=False) & ~Q(decision_reason="")),
                name="deferral_decided_with_time_and_reason",
            ),
        ]

    def __str__(self):
        return f"deferral of inspection {self.inspection_id}: {self.get_decision_display()}"


class PauseGround(models.TextChoices):
    LEADER_WELLBEING = "leader-wellbeing", "A leader's wellbeing"
    SERIOUS_INCIDENT = "serious-incident", "A serious incident"
    NATIONAL_HALT = "national-halt", "A national halt of inspections"
    OTHER = "other", "Another reason"


# The grounds a person may pause on; a national halt pauses on its own.
PERSON_PAUSE_GROUNDS = (PauseGround.LEADER_WELLBEING, PauseGround.SERIOUS_INCIDENT, PauseGround.OTHER)


class PausedBy(models.TextChoices):
    LEAD_INSPECTOR = "lead", "The lead inspector"
    HEADTEACHER = "headteacher", "The headteacher"
    # Answering a school's concern, the senior inspector on duty may pause on-site work; their pause needs no one
    # else's confirmation.
    DUTY_DECISION_MAKER = "duty", "The duty decision-maker"
    NATIONAL_HALT = "national-halt", "A national halt"


class PauseEnding(models.TextChoices):
    RESUMED = "resumed", "Resumed"
    DEFERRED = "deferred", "Deferred"
    CANCELLED = "cancelled", "Cancelled"


class Pause(models.Model):
    """A pause of on-site work. Deliberately little is stored about why: a ground and a short note."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="pauses")
    ground = models.CharField(max_length=20, choices=PauseGround.choices)
    note = models.CharField(max_length=SHORT_NOTE.limit, blank=True, help_text="No names or health details.")
    paused_by = models.CharField(max_length=20, choices=PausedBy.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    halt = models.ForeignKey("NationalHalt", null=True, blank=True, on_delete=models.PROTECT, related_name="pauses")
    started_at = models.DateTimeField()
    until = models.DateField(
        null=True, blank=True, help_text="The working day it is due to end by; none for a national halt's pause."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ending = models.CharField(max_length=10, choices=PauseEnding.choices, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(ended_at__isnull=True), name="pause_one_open_per_inspection"
            ),
            models.CheckConstraint(condition=Q(ground__in=PauseGround.values), name="pause_ground_known"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, ending="") | (Q(ended_at__isnull=False) & ~Q(ending="")),
                name="pause_ended_with_an_ending",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="pause_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="pause_confirmed_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(paused_by=PausedBy.NATIONAL_HALT, halt__isnull=False, until__isnull=True)
                | (
                    ~Q(paused_by=PausedBy.NATIONAL_HALT)
                    & Q(halt__isnull=True, requested_by__isnull=False, until__isnull=False)
                ),
                name="pause_by_a_person_or_a_halt",
            ),
        ]

    def __str__(self):
        return f"pause of inspection {self.inspection_id} from {self.started_at}"


class NationalHalt(models.Model):
    reason = models.TextField(max_length=REASON.limit)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True, max_length=REASON.limit)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="national_halt_has_reason"),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True, lift_reason="")
                | (Q(lifted_at__isnull=False, lifted_by__isnull=False) & ~Q(lift_reason="")),
                name="national_halt_lifted_by_someone_with_reason",
            ),
        ]

    def __str__(self):
        return f"national halt from {self.started_at}"


class HaltSwitch(models.Model):
    """The one row naming the halt in force. Halting, lifting, notifying and starting all lock it first,
    so a start can never slip past a halt that is being declared at the same moment."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    current_halt = models.OneToOneField(
        NationalHalt, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="halt_switch_is_singleton")]


class InspectionProposal(models.Model):
    """An inspection the scheduling team is asked to plan by a date, and why: monitoring after a report put a
    school in a category of concern, a return visit after safeguarding was not met, a re-inspection after an
    upheld complaint. The apps that decide these propose here, below the scheduling that plans them."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="inspection_proposals")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_by = models.DateField(help_text="The day the inspection is to have started by.")
    reason = models.TextField(max_length=REASON.limit, help_text="Why it is proposed, as the scheduling team reads it.")
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Blank when a rule proposed it (a report's category of concern, say).",
    )  # fmt: skip
    follows = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals_following",
        help_text="The inspection whose outcome calls for this one, if any.",
    )  # fmt: skip
    planned_as = models.OneToOneField(
        Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal",
        help_text="The inspection planned for it, once the scheduling team has.",
    )  # fmt: skip

    class Meta:
        ordering = ["due_by", "proposed_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="inspection_proposal_kind_known"),
            models.CheckConstraint(condition=~Q(reason=""), name="inspection_proposal_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.school_id} due by {self.due_by}"
