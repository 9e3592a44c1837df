"""The published record as analytics reads it: one row per published inspection with its school's context as it
stood when the figures were made, and one row per area grade, each carrying that context again. The pages group
and count these rows alone (never the record and the registry joined), so a page over 100,000 inspections is
a few indexed GROUP BYs; `analytics.services.refresh_figures` rebuilds them from the published record."""

from django.db import models


class AnalyticsEvent(models.TextChoices):
    REFRESHED = "analytics.refreshed", "Analytics figures refreshed from the published record"
    OPEN_DATA_EXPORTED = "open_data.exported", "Open data exported"


class Source(models.TextChoices):
    HISTORIC = "historic", "Imported history"
    OWN = "own", "Inspected through fairinspect"


class PublishedFact(models.Model):
    """A published inspection, with what the figures group it by. Only published, non-pilot outcomes are here."""

    inspection_number = models.CharField(max_length=20, unique=True)
    urn = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    framework_code = models.SlugField(max_length=50)
    inspection_type = models.CharField(max_length=150, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    publication_month = models.DateField(null=True, blank=True, help_text="The first day of the month published.")
    working_days_to_publish = models.PositiveIntegerField(null=True, blank=True)
    waited_on_complaint = models.BooleanField(default=False)
    category_of_concern = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=50, blank=True)
    region = models.CharField(max_length=100, blank=True)
    school_type = models.CharField(max_length=100, blank=True)
    fsm_band = models.CharField(max_length=20, blank=True)
    size_band = models.CharField(max_length=20, blank=True)
    # A stable pseudonymous code (LeadCode), never the inspector; blank for history, which names no lead.
    lead_code = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["publication_month", "region"], name="analytics_fact_month"),
            models.Index(fields=["lead_code"], name="analytics_fact_lead"),
        ]


class GradeFact(models.Model):
    """One area grade of a published inspection, with the inspection's context copied beside it."""

    fact = models.ForeignKey(PublishedFact, on_delete=models.CASCADE, related_name="grades")
    source = models.CharField(max_length=10, choices=Source.choices)
    framework_code = models.SlugField(max_length=50)
    area_code = models.SlugField(max_length=80)
    grade_code = models.SlugField(max_length=50)
    rank = models.PositiveSmallIntegerField(help_text="The grade's rank on its scale, lowest first.")
    phase = models.CharField(max_length=50, blank=True)
    region = models.CharField(max_length=100, blank=True)
    school_type = models.CharField(max_length=100, blank=True)
    fsm_band = models.CharField(max_length=20, blank=True)
    size_band = models.CharField(max_length=20, blank=True)
    lead_code = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["framework_code", "area_code"], name="analytics_grade_area"),
            models.Index(fields=["source", "framework_code"], name="analytics_grade_source"),
        ]


class ContextPrediction(models.Model):
    """What a school's context predicts for an area: the mean rank every published inspection under the framework
    gave the area in schools of that phase and free-school-meals band. Made with the figures, so the consistency
    page joins a few hundred rows rather than grouping every grade again."""

    framework_code = models.SlugField(max_length=50)
    area_code = models.SlugField(max_length=80)
    phase = models.CharField(max_length=50, blank=True)
    fsm_band = models.CharField(max_length=20, blank=True)
    mean_rank = models.FloatField()
    grades = models.PositiveIntegerField(help_text="How many grades the mean is over.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["framework_code", "area_code", "phase", "fsm_band"], name="analytics_prediction_unique")
        ]


class LeadCode(models.Model):
    """The pseudonymous code that stands for a lead inspector in the figures and the open data: random, so it
    says nothing of who they are, and kept, so that a lead keeps their code from one refresh to the next."""

    inspector_id = models.PositiveIntegerField(unique=True)
    code = models.CharField(max_length=12, unique=True)


class FiguresBuilt(models.Model):
    """When the figures were last rebuilt, and from which version of the published record (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    record_version = models.PositiveIntegerField()
    built_at = models.DateTimeField()
    inspections = models.PositiveIntegerField()
