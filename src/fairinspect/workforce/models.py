"""The inspection workforce (DOMAIN.md §3): inspectors, their training, availability and conflicts."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from fairinspect.core import working_days
from fairinspect.core.text import LINE, REASON, SHORT_NOTE


class WorkforceEvent(models.TextChoices):
    INSPECTORS_IMPORTED = "workforce.inspectors_imported", "Inspectors imported"
    INSPECTOR_WITHDRAWN = "workforce.inspector_withdrawn", "Withdrawn from inspecting"
    INSPECTOR_REINSTATED = "workforce.inspector_reinstated", "Reinstated"
    TRAINING_RECORDED = "workforce.training_recorded", "Training recorded"
    TRAINING_REMOVED = "workforce.training_removed", "Training record removed"
    UNAVAILABILITY_ADDED = "workforce.unavailability_added", "Time away recorded"
    UNAVAILABILITY_REMOVED = "workforce.unavailability_removed", "Time away removed"
    CONFLICT_DECLARED = "workforce.conflict_declared", "Conflict of interest declared"
    CONFLICT_WITHDRAWN = "workforce.conflict_withdrawn", "Conflict of interest withdrawn"
    SCHOOL_WORKED_AT_RECORDED = "workforce.school_worked_at_recorded", "School worked at recorded"
    SCHOOL_LEFT = "workforce.school_left", "Left a school"


class InspectorKind(models.TextChoices):
    HM_INSPECTOR = "hmi", "His Majesty's Inspector"
    OFSTED_INSPECTOR = "oi", "Ofsted Inspector"


class Phase(models.TextChoices):
    """The phases an inspector may inspect, as the registry's phases group into them."""

    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    POST_16 = "post-16", "16 plus"
    SPECIAL_AND_ALTERNATIVE = "special", "Special and alternative provision"


# The phases a school's GIAS phase asks of its inspectors. All-through schools need both primary and
# secondary; GIAS gives special schools and pupil referral units the phase "Not applicable".
PHASES_FOR_SCHOOL_PHASE: dict[str, frozenset[Phase]] = {
    "nursery": frozenset({Phase.NURSERY}),
    "primary": frozenset({Phase.PRIMARY}),
    "middle deemed primary": frozenset({Phase.PRIMARY}),
    "secondary": frozenset({Phase.SECONDARY}),
    "middle deemed secondary": frozenset({Phase.SECONDARY}),
    "16 plus": frozenset({Phase.POST_16}),
    "all-through": frozenset({Phase.PRIMARY, Phase.SECONDARY}),
    "not applicable": frozenset({Phase.SPECIAL_AND_ALTERNATIVE}),
}


def phases_needed_for(school_phase_name: str) -> frozenset[Phase]:
    """The inspector phases a school needs; none when its phase is not recorded."""
    return PHASES_FOR_SCHOOL_PHASE.get(" ".join(school_phase_name.split()).casefold(), frozenset())


class Inspector(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspector")
    reference = models.CharField(
        max_length=20, unique=True, help_text="The inspectorate's own number for the inspector, e.g. OI123456."
    )
    kind = models.CharField(max_length=3, choices=InspectorKind.choices)
    own_school = models.ForeignKey(
        "schools.School",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The school a serving leader works at; they never inspect it, its trust or its neighbours.",
    )
    home_easting = models.PositiveIntegerField(null=True, blank=True, help_text="British National Grid, metres.")
    home_northing = models.PositiveIntegerField(null=True, blank=True, help_text="British National Grid, metres.")
    phases = models.JSONField(default=list, help_text="Phase codes they may inspect, sorted.")
    load_cap_per_term = models.PositiveSmallIntegerField(help_text="The most inspections they take on in a term.")
    last_worked_as_hmi_on = models.DateField(
        null=True, blank=True,
        help_text="The last day an Ofsted Inspector worked as an HMI: they may lead inspections for some years after.",
    )  # fmt: skip
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True, max_length=REASON.limit)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "reference"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InspectorKind.values), name="inspector_kind_known"),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True, withdrawal_reason="")
                | (Q(withdrawn_on__isnull=False) & ~Q(withdrawal_reason="")),
                name="inspector_withdrawal_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(home_easting__isnull=True, home_northing__isnull=True)
                | Q(home_easting__isnull=False, home_northing__isnull=False),
                name="inspector_home_has_both_coordinates",
            ),
            models.CheckConstraint(condition=Q(load_cap_per_term__gte=1), name="inspector_load_cap_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.reference})"

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def hmi_experience_recent_until(self) -> date | None:
        """The last day their HMI experience counts as recent (`RECENT_HMI_EXPERIENCE_YEARS` after they last
        worked as an HMI); None if they have none."""
        if self.last_worked_as_hmi_on is None:
            return None
        return working_days.years_from(self.last_worked_as_hmi_on, settings.FAIRINSPECT["RECENT_HMI_EXPERIENCE_YEARS"])

    def may_lead_on(self, day: date) -> bool:
        """Since November 2025 every school inspection is led by an HMI or someone with recent HMI experience: an
        Ofsted Inspector whose HMI experience is still recent on `day`, the inspection's first day."""
        recent_until = self.hmi_experience_recent_until
        return self.kind == InspectorKind.HM_INSPECTOR or (recent_until is not None and day <= recent_until)

    @property
    def may_lead_today(self) -> bool:
        return self.may_lead_on(working_days.today())

    def phase_labels(self) -> list[str]:
        return [Phase(code).label for code in self.phases]


class TrainingRecord(models.Model):
    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="training")
    course = models.ForeignKey("frameworks.TrainingCourse", on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Blank when it does not expire.")

    class Meta:
        ordering = ["course__title", "-completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "course", "completed_on"], name="training_record_unique"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("completed_on")),
                name="training_expires_after_completion",
            ),
        ]

    def __str__(self):
        return f"{self.course} completed {self.completed_on}"


class Unavailability(models.Model):
    """A period an inspector cannot work. The reason is theirs to give in as few words as they like."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="unavailability")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=SHORT_NOTE.limit, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "unavailability"
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="unavailability_ends_after_start")
        ]

    def __str__(self):
        return f"unavailable {self.starts_on} to {self.ends_on}"


class DeclaredConflict(models.Model):
    """A conflict of interest an inspector has declared: a school, or a whole trust."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="declared_conflicts")
    school = models.ForeignKey("schools.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    trust = models.ForeignKey("schools.Trust", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=LINE.limit)
    declared_on = models.DateField()

    class Meta:
        ordering = ["-declared_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(school__isnull=False, trust__isnull=True) | Q(school__isnull=True, trust__isnull=False),
                name="declared_conflict_names_a_school_or_a_trust",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="declared_conflict_has_reason"),
        ]

    def __str__(self):
        return f"conflict with {self.school or self.trust}: {self.reason}"


class SchoolWorkedAt(models.Model):
    """A school the inspector worked at, which they may not inspect for some years after leaving."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="schools_worked_at")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField()
    left_on = models.DateField(null=True, blank=True, help_text="Blank while they still work there.")

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("started_on")),
                name="school_worked_at_left_after_starting",
            )
        ]

    def __str__(self):
        return f"worked at {self.school_id} from {self.started_on}"
