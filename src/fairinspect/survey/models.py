"""The impact survey (issue 12): after publication each school is invited, once per published inspection, to
say how the inspection went. Responses are read only as aggregates over at least `MIN_GROUP` of them (see
survey.selectors): no page shows one school's answers."""

from django.db import models

from fairinspect.core.text import REASON


class SurveyEvent(models.TextChoices):
    INVITED = "survey.invited", "School invited to the impact survey"
    RESPONDED = "survey.responded", "Impact survey answered"


class Agreement(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DISAGREE = 2, "Disagree"
    NEITHER = 3, "Neither agree nor disagree"
    AGREE = 4, "Agree"
    STRONGLY_AGREE = 5, "Strongly agree"


class Impact(models.IntegerChoices):
    VERY_NEGATIVE = 1, "Very negative"
    NEGATIVE = 2, "Negative"
    NONE = 3, "No effect"
    POSITIVE = 4, "Positive"
    VERY_POSITIVE = 5, "Very positive"


class Invitation(models.Model):
    """One published inspection's invitation to its school: open until `closes_on`."""

    inspection_number = models.CharField(max_length=20, unique=True)
    urn = models.PositiveIntegerField(db_index=True, verbose_name="URN")
    published_on = models.DateField()
    invited_at = models.DateTimeField()
    closes_on = models.DateField(help_text="The last day a response is taken.")

    def __str__(self):
        return f"Survey of inspection {self.inspection_number}"


class Response(models.Model):
    """A school's answers. Who answered is not kept here (the audit trail knows, for disputes only): the
    answers are read only in aggregate."""

    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="response")
    workload = models.PositiveSmallIntegerField(choices=Agreement.choices)
    wellbeing = models.PositiveSmallIntegerField(choices=Impact.choices)
    fairness = models.PositiveSmallIntegerField(choices=Agreement.choices)
    reflects_school = models.PositiveSmallIntegerField(choices=Agreement.choices)
    comments = models.TextField(blank=True, max_length=REASON.limit)
    responded_at = models.DateTimeField()


# The questions, in the form's order: field, the question, its answers.
QUESTIONS = (
    ("workload", "The inspection's demands on staff workload were reasonable", Agreement),
    ("wellbeing", "What effect did the inspection have on staff wellbeing?", Impact),
    ("fairness", "The inspection process was fair", Agreement),
    ("reflects_school", "The report reflects our school", Agreement),
)
