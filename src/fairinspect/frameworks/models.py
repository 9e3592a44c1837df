"""Inspection frameworks as data (DOMAIN.md §1).

Nothing here names a particular framework: the areas, scales, safeguarding judgements, criteria and
rules all come from the files in `frameworks/data/`, loaded by `fairinspect load_frameworks`.
"""

from django.db import models


# The version of the loaded frameworks (core.versions), bumped when a load changes one: public pages name their
# areas and grades.
FRAMEWORKS_VERSION = "frameworks"


class FrameworksEvent(models.TextChoices):
    CREATED = "framework.created", "Framework loaded"
    UPDATED = "framework.updated", "Framework changed"


class TrainingCourse(models.Model):
    """A course inspectors must complete; frameworks name the ones they require, and one course (such as
    mental-health awareness) may be required by several."""

    code = models.SlugField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Framework(models.Model):
    code = models.SlugField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    is_graded = models.BooleanField(help_text="False for frameworks (such as visits) under which grading is refused.")
    outcome = models.CharField(max_length=50, help_text="What an inspection under it ends in, e.g. a report card.")
    overall_grade_until = models.DateField(
        null=True, blank=True, help_text="Inspections starting before this date also had an overall grade."
    )
    published_columns = models.JSONField(
        default=dict, blank=True, help_text="Column names of the safeguarding and overall grades in published data."
    )
    rules = models.JSONField(default=dict, blank=True)
    # The class itself, not its name: django-stubs cannot type a many-to-many field to a model named as a
    # string further down the file (typeddjango/django-stubs#1802).
    required_courses = models.ManyToManyField(
        TrainingCourse, blank=True, related_name="frameworks", help_text="Training every inspector on it needs."
    )
    content_hash = models.CharField(
        max_length=64,
        help_text="SHA-256 of the definition parsed from its data file (the file's comments and layout do not count).",
    )

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=models.F("valid_from")),
                name="framework_valid_until_after_valid_from",
            )
        ]

    def __str__(self):
        return self.title

    def is_in_force_on(self, day) -> bool:
        """Whether inspections starting on `day` are under it (from `valid_from`, until before `valid_until`)."""
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


class ScalePoint(models.Model):
    """One grade on a framework's ordered scale; rank 1 is the lowest."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scale")
    code = models.SlugField(max_length=50)
    label = models.CharField(max_length=100)
    rank = models.PositiveSmallIntegerField()
    meaning = models.TextField(help_text="What the grade means, in plain words for parents.")
    published_as = models.JSONField(default=list, blank=True, help_text="How published data writes this grade.")

    class Meta:
        ordering = ["framework", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="scale_point_code_unique"),
            models.UniqueConstraint(fields=["framework", "rank"], name="scale_point_rank_unique"),
        ]

    def __str__(self):
        return self.label


class SafeguardingOutcome(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="safeguarding_outcomes")
    code = models.SlugField(max_length=50)
    label = models.CharField(max_length=100)
    is_satisfactory = models.BooleanField()
    meaning = models.TextField()
    published_as = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["framework", "-is_satisfactory"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="safeguarding_code_unique")]

    def __str__(self):
        return self.label


class Area(models.Model):
    """An evaluation area (or, for ungraded frameworks, a discussion topic)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True)
    applies_if = models.CharField(
        max_length=50,
        blank=True,
        help_text="A yes/no attribute of the school that must be true for the area to apply; blank: always.",
    )
    published_as = models.JSONField(default=list, blank=True, help_text="Column names in published data.")

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_code_unique"),
            models.UniqueConstraint(fields=["framework", "order"], name="area_order_unique"),
        ]

    def __str__(self):
        return self.title

    def applies_to(self, school) -> bool:
        return not self.applies_if or bool(getattr(school, self.applies_if))


class Criterion(models.Model):
    """A toolkit standard: what must be true of an area for it to be graded at `level`; or, an indicator, a
    failing which, found, puts the area at `level` whatever else is met (secure fit, `grading.rules`)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="criteria")
    level = models.ForeignKey(ScalePoint, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(max_length=80)
    text = models.TextField()
    order = models.PositiveSmallIntegerField()
    is_indicator = models.BooleanField(default=False, help_text="A failing that is found, rather than a standard met.")

    class Meta:
        ordering = ["area", "level__rank", "order"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="criterion_code_unique")]

    def __str__(self):
        return self.code
