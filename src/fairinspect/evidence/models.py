"""Evidence written on site (DOMAIN.md §4): what the team saw, heard and read, each record about one area of the
framework (and any of its criteria), with attachments. Grades cite these records (`grading`).

A visit's evidence is firewalled (its framework's `rules.evidence_firewalled`): `selectors` lets no one outside
that visit's team see it, and a grade can only cite evidence of its own inspection.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from fairinspect.core.text import LINE, FreeText

# What an inspector writes of one activity: a few paragraphs, typed on a tablet.
EVIDENCE_TEXT = FreeText(limit=6000, one_line=False)


class Activity(models.TextChoices):
    LESSON_VISIT = "lesson-visit", "Lesson visit"
    MEETING = "meeting", "Meeting"
    WORK_SCRUTINY = "work-scrutiny", "Work scrutiny"
    DISCUSSION_WITH_PUPILS = "discussion-with-pupils", "Discussion with pupils"
    DOCUMENT_REVIEW = "document-review", "Document review"
    OTHER = "other", "Other"


class EvidenceEvent(models.TextChoices):
    # The event names the record, never its text: the audit trail is exported, and a visit's evidence is firewalled.
    WRITTEN = "evidence.written", "Evidence written"


class EvidenceRecord(models.Model):
    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT, related_name="evidence")
    activity = models.CharField(max_length=30, choices=Activity.choices)
    area = models.ForeignKey("frameworks.Area", on_delete=models.PROTECT, related_name="+")
    criteria = models.ManyToManyField("frameworks.Criterion", blank=True, related_name="+")
    text = models.TextField(max_length=EVIDENCE_TEXT.limit)
    observed_at = models.DateTimeField(help_text="When the activity took place.")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["observed_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(activity__in=Activity.values), name="evidence_activity_known")]

    def __str__(self):
        return f"Evidence {self.pk} ({self.get_activity_display()})"


class Attachment(models.Model):
    """A file kept with a record, stored through Django's storage API under a name of our choosing (never the
    uploader's) and served only by `views.attachment`, which applies the record's visibility."""

    record = models.ForeignKey(EvidenceRecord, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="evidence/%Y/%m/", max_length=200)
    name = models.CharField(max_length=LINE.limit, help_text="The file's name as uploaded, for people to read.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name
