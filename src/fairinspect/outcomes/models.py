"""The published record of inspection outcomes: every inspection as the inspectorate published it, whichever
framework it was under. A school's page, search, the API and open data read a school's history from here
alone, so it has one source."""

from django.db import models


# The version of the published record (core.versions): see outcomes.publication.record_changed.
PUBLISHED_RECORD_VERSION = "outcomes.published_record"


class OutcomesEvent(models.TextChoices):
    IMPORTED = "historic_outcomes.imported", "Published outcomes imported"


class HistoricOutcome(models.Model):
    """A past inspection as the inspectorate published it. Read-only history, joined to schools on URN."""

    inspection_number = models.CharField(max_length=20, unique=True)
    urn = models.PositiveIntegerField(db_index=True, verbose_name="URN")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="historic_outcomes")
    inspection_type = models.CharField(max_length=150, blank=True)
    type_grouping = models.CharField(max_length=150, blank=True)
    event_type_grouping = models.CharField(max_length=150, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    overall_grade = models.CharField(max_length=50, blank=True, help_text="A scale code; only before Sept 2024.")
    safeguarding = models.CharField(max_length=50, blank=True, help_text="A safeguarding outcome code.")
    grades = models.JSONField(default=dict, blank=True, help_text="Area code → scale code, as published.")
    category_of_concern = models.CharField(max_length=100, blank=True)
    ungraded_outcome = models.TextField(blank=True, max_length=1000, help_text="E.g. 'School remains Good'.")
    # An inspection published through this service joins the record here as the imports' do, so that the school
    # page, search, the API and open data read one source; its report card (every version) is a page of its own.
    has_report_card = models.BooleanField(
        default=False, help_text="Published through this service, with a report card page (and PDF) of its own."
    )
    version = models.PositiveIntegerField(default=1, help_text="The report's version: more than 1 once amended.")

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["urn", "-start_date"], name="historic_outcome_school")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="historic_outcome_ends_after_start",
            )
        ]

    def __str__(self):
        return f"Inspection {self.inspection_number} of URN {self.urn}"
