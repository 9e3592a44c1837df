"""A term's plan of inspections (issue 11): the schools due, their dates and proposed teams, each run of the solver
that proposed them, and what the scheduling team pinned. Nothing here is an inspection until the plan is
approved, which plans each one through the inspections app."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from fairinspect.inspections.models import Kind
from fairinspect.scheduling.calendar import term_named


class SchedulingEvent(models.TextChoices):
    """What the scheduling team's audit events record, with the words a history shows for each."""

    PLAN_REQUESTED = "plan.requested", "Plan of a term requested"
    REPAIR_REQUESTED = "plan.repair_requested", "New teams requested for approved inspections"
    RUN_STARTED = "plan.run_started", "Planning run started"
    RUN_FINISHED = "plan.run_finished", "Planning run finished"
    RUN_FAILED = "plan.run_failed", "Planning run failed"
    PLACE_PINNED = "plan.place_pinned", "Assignment pinned"
    PLACE_UNPINNED = "plan.place_unpinned", "Assignment unpinned"
    PLACE_REMOVED = "plan.place_removed", "Assignment removed from the plan"
    PLAN_APPROVED = "plan.approved", "Plan approved"


class Purpose(models.TextChoices):
    TERM = "term", "A term's inspections"
    REPAIR = "repair", "New team members for approved inspections"


class PlanStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to run"
    RUNNING = "running", "Running"
    READY = "ready", "Ready to review"
    FAILED = "failed", "Failed"
    APPROVED = "approved", "Approved"


class Plan(models.Model):
    """A plan of a term's inspections (or, for `Purpose.REPAIR`, of new team members for the approved inspections
    of another plan that lost some): what the latest finished run proposed, as the scheduling team has changed it."""

    term = models.CharField(max_length=20, help_text="The term's code in the term calendar, e.g. summer-2027.")
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.TERM)
    repairs = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="repairs_of_it",
        help_text="For new team members: the approved plan whose inspections lost some.",
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Blank when the command line made it.",
    )  # fmt: skip
    created_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    beyond_capacity = models.PositiveIntegerField(
        default=0, help_text="Schools due by the term's end that its inspectors cannot be expected to take as well."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_known"),
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="plan_purpose_known"),
            models.CheckConstraint(
                condition=Q(purpose=Purpose.TERM, repairs__isnull=True) | Q(purpose=Purpose.REPAIR, repairs__isnull=False),
                name="plan_repairs_an_approved_plan",
            ),
            models.CheckConstraint(
                condition=Q(status=PlanStatus.APPROVED, approved_at__isnull=False, approved_by__isnull=False)
                | (~Q(status=PlanStatus.APPROVED) & Q(approved_at__isnull=True, approved_by__isnull=True)),
                name="plan_approved_by_someone",
            ),
        ]

    def __str__(self):
        return f"plan {self.pk} of {self.term}"

    @property
    def term_name(self) -> str:
        return term_named(self.term).name


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to run"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


# What a failed run keeps of why: the planner's words, or the start of an unforeseen error's account.
FAILURE_LIMIT = 4000


class PlanRun(models.Model):
    """One run of the planner for a plan: who asked, with what parameters, and what it reached."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    parameters = models.JSONField(default=dict, help_text="The rules and settings it ran with.")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True, help_text="The background task running it, if one does.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    cost = models.FloatField(null=True, blank=True, help_text="The plan's price, in km of travel.")
    greedy_cost = models.FloatField(null=True, blank=True, help_text="The price of a nearest-available plan.")
    bound = models.FloatField(null=True, blank=True, help_text="No plan can cost less: the solver proved it.")
    travel_km = models.FloatField(null=True, blank=True)
    beyond_fair_share = models.PositiveIntegerField(null=True, blank=True)
    unstaffed = models.PositiveIntegerField(null=True, blank=True, help_text="Inspections left short of a team.")
    failure = models.TextField(blank=True, max_length=FAILURE_LIMIT, help_text="Why it could not finish.")

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="plan_run_status_known"),
            models.CheckConstraint(
                condition=~Q(status=RunStatus.FINISHED)
                | Q(finished_at__isnull=False, cost__isnull=False, bound__isnull=False),
                name="plan_run_finished_with_figures",
            ),
            models.CheckConstraint(
                condition=~Q(status=RunStatus.FAILED) | (Q(finished_at__isnull=False) & ~Q(failure="")),
                name="plan_run_failed_with_reason",
            ),
        ]

    def __str__(self):
        return f"run {self.pk} of plan {self.plan_id}"

    @property
    def gap(self) -> float | None:
        """How far the plan's price may be above the best possible, as a share of it."""
        if self.cost is None or self.bound is None:
            return None
        return max(0.0, (self.cost - self.bound) / self.cost) if self.cost > 0 else 0.0


class PlannedInspection(models.Model):
    """An inspection a plan proposes: the school, why it is due, when, and the team it needs; once approved, the
    inspection planned for it. In a plan of new team members, the approved inspection that lost some."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inspections")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    call_on = models.DateField(help_text="The working day the school is to be called.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    due_by = models.DateField()
    due_rule = models.CharField(max_length=20, help_text="The rule that makes it due (see scheduling.due).")
    due_facts = models.JSONField(default=dict, help_text="The facts the rule read, said in words when shown.")
    lead_places = models.PositiveSmallIntegerField(help_text="1, or 0 when its lead is already assigned.")
    member_places = models.PositiveSmallIntegerField()
    proposal = models.ForeignKey(
        "inspections.InspectionProposal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The inspection planned for it on approval; in a plan of new team members, the one it staffs.",
    )  # fmt: skip
    shortfall = models.JSONField(default=list, blank=True, help_text="Why it is short of a team, if it is.")

    class Meta:
        ordering = ["starts_on", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "school"], name="planned_inspection_once_per_plan"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="planned_inspection_ends_after_start"),
            models.CheckConstraint(condition=Q(lead_places__lte=1), name="planned_inspection_one_lead"),
        ]

    def __str__(self):
        return f"{self.school_id} from {self.starts_on} in plan {self.plan_id}"


class PlannedPlace(models.Model):
    """An inspector in a place on a planned inspection's team. A pinned place stays when the plan is run again."""

    planned = models.ForeignKey(PlannedInspection, on_delete=models.CASCADE, related_name="places")
    inspector = models.ForeignKey("workforce.Inspector", on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    travel_km = models.FloatField(null=True, blank=True, help_text="From their home to the school.")

    class Meta:
        ordering = ["-is_lead", "inspector__user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["planned", "inspector"], name="planned_place_once_per_team"),
            models.UniqueConstraint(fields=["planned"], condition=Q(is_lead=True), name="planned_place_one_lead"),
        ]

    def __str__(self):
        return f"{self.inspector_id} on {self.planned_id}{' (lead)' if self.is_lead else ''}"
