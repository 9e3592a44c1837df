"""The school registry (DOMAIN.md §2), as imported from GIAS and the inspectorate's published data."""

from django.db import models

from fairinspect.schools import gias


# The version of the registry's data (core.versions), bumped by every import that changes it: public pages
# cached from the registry are keyed by it.
REGISTRY_VERSION = "schools.registry"


class SchoolsEvent(models.TextChoices):
    """The registry's audit events: imports of the files GIAS publishes."""

    IMPORTED = "schools.imported", "GIAS establishments imported"
    LINKS_IMPORTED = "school_links.imported", "GIAS links imported"


class LocalAuthority(models.Model):
    code = models.PositiveSmallIntegerField(primary_key=True, help_text="The GIAS 'LA (code)', e.g. 202.")
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True, help_text="Government office region.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name


class Trust(models.Model):
    code = models.PositiveIntegerField(primary_key=True, help_text="The GIAS 'Trusts (code)' (group UID).")
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolQuerySet(models.QuerySet):
    """The one rule for which schools are open, from their GIAS status (see `School.is_open`)."""

    def open(self) -> "SchoolQuerySet":
        """Schools open now: those that can be inspected."""
        return self.filter(status_code__in=gias.OPEN_STATUSES)

    def not_closed(self) -> "SchoolQuerySet":
        """Schools open now or proposed to open: what a search lists unless closed schools are asked for."""
        return self.exclude(status_code=gias.CLOSED)


class School(models.Model):
    urn = models.PositiveIntegerField(primary_key=True, verbose_name="URN")
    name = models.CharField(max_length=255)
    establishment_number = models.PositiveIntegerField(null=True, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="schools"
    )
    trust = models.ForeignKey(Trust, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools")
    type_code = models.PositiveSmallIntegerField(null=True, blank=True)
    type_name = models.CharField(max_length=100, blank=True)
    type_group_code = models.PositiveSmallIntegerField(null=True, blank=True)
    type_group_name = models.CharField(max_length=100, blank=True)
    phase_code = models.PositiveSmallIntegerField(null=True, blank=True)
    phase_name = models.CharField(max_length=50, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    status_name = models.CharField(max_length=50, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    has_early_years = models.BooleanField(default=False, help_text="Nursery classes, or takes pupils aged 4 or under.")
    has_sixth_form = models.BooleanField(default=False)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    percentage_fsm = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, help_text="Blank when unknown or suppressed."
    )
    street = models.CharField(max_length=255, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    region = models.CharField(max_length=100, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True, help_text="British National Grid, metres.")
    northing = models.PositiveIntegerField(null=True, blank=True, help_text="British National Grid, metres.")

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="school_name")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(close_date__isnull=True)
                | models.Q(open_date__isnull=True)
                | models.Q(close_date__gte=models.F("open_date")),
                name="school_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(statutory_low_age__isnull=True)
                | models.Q(statutory_high_age__isnull=True)
                | models.Q(statutory_high_age__gte=models.F("statutory_low_age")),
                name="school_age_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name} (URN {self.urn})"

    @property
    def phase(self) -> str:
        """The phase of education in words, "" when the establishment has none (its type says what it is)."""
        return gias.phase_in_words(self.phase_name)

    @property
    def kind_in_words(self) -> str:
        """What the establishment is, for a line that names it: its phase, or its type where it has none."""
        return self.phase or self.type_name

    @property
    def is_open(self) -> bool:
        """Open now, as GIAS's status says (the close date of a school proposed to close is in the future)."""
        return self.status_code in gias.OPEN_STATUSES


class SchoolLink(models.Model):
    """A GIAS link between two URNs, e.g. the academy that replaced a converted school ('Predecessor')."""

    urn = models.PositiveIntegerField(db_index=True)
    linked_urn = models.PositiveIntegerField(db_index=True)
    link_type = models.CharField(max_length=100)
    established_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["urn", "linked_urn", "link_type"], name="school_link_unique"),
            models.CheckConstraint(condition=~models.Q(urn=models.F("linked_urn")), name="school_link_not_to_itself"),
        ]

    def __str__(self):
        return f"{self.urn} → {self.linked_urn} ({self.link_type})"
