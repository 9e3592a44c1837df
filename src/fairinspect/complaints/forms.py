"""The forms of the concern, complaint and learning review pages. They check what a form can; the services check
the rest, and their refusals come back as errors on these forms."""

from django import forms

from fairinspect.complaints.models import Outcome, Response
from fairinspect.complaints.selectors import reviewers
from fairinspect.core.text import LINE, REASON, SHORT_NOTE
from fairinspect.web.forms import GovukDateField


def _text(label: str, hint: str = "", *, required: bool = True, limit: int = REASON.limit) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=f"{hint} At most {limit:,} characters.".strip(), required=required,
        widget=forms.Textarea(attrs={"rows": 5}), error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )  # fmt: skip


def _line(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, help_text=f"{hint} One line, at most {LINE.limit} characters.".strip(),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )  # fmt: skip


class ConcernForm(forms.Form):
    details = _text(
        "Your concern", "What happened, and what you tried with the lead inspector. A senior inspector who is not on "
        "the team will read it."
    )  # fmt: skip


class AnswerConcernForm(forms.Form):
    response = _text("Your answer", "The school reads it.")


class ComplaintForm(forms.Form):
    grounds = _text("Your complaint", "What you are complaining about and why, and what you would like us to do.")


class EscalateForm(forms.Form):
    grounds = _text("Why you are not satisfied with how we handled your complaint")


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", choices=Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )  # fmt: skip
    reason = _text("The reasons for the outcome", "The school reads them.")


class ReasonForm(forms.Form):
    reason = _text("The reason", "It is kept on the complaint's audit history.")


class ReinspectionForm(forms.Form):
    due_by = GovukDateField(label="Inspect by")
    reason = _text("Why the school should be inspected again", "The scheduling team reads it.")


class AmendForm(forms.Form):
    reason = _text("Why the report is amended", "It is published with the new version.")
    pupil_experience = _text("Pupils' experience", "Leave blank to keep it as published.", required=False)
    next_steps = _text("Next steps", "Leave blank to keep them as published.", required=False)
    letter = _text("The letter (a visit's report)", "Leave blank to keep it as published.", required=False)

    def clean(self):
        # A blank section keeps the published words: the reports app takes None for "unchanged".
        cleaned = super().clean() or {}
        return {name: (value or None) if name != "reason" else value for name, value in cleaned.items()}


class ReferForm(forms.Form):
    adjudicator = _line("The adjudicator")
    sent = _text("What was sent", "List each document sent to the adjudicator.")


class RecommendationForm(forms.Form):
    text = _text("The recommendation", "In the adjudicator's words.")


class AnswerRecommendationForm(forms.Form):
    response = forms.ChoiceField(
        label="Your answer", choices=Response.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the recommendation is accepted or declined"},
    )  # fmt: skip
    reason = _text(
        "What will be done, or why it is declined",
        "A declined recommendation's reason is published on a public page.", required=False,
    )  # fmt: skip


class IncidentForm(forms.Form):
    inspection = forms.IntegerField(
        label="Inspection number", help_text="The number in the inspection page's address.",
        error_messages={"required": "Enter the inspection's number", "invalid": "The inspection's number is a whole number"},
    )  # fmt: skip
    occurred_on = GovukDateField(label="When it happened")
    description = forms.CharField(
        label="What happened", help_text=f"A few words, at most {SHORT_NOTE.limit} characters: no names or health details.",
        error_messages={"required": "Enter what happened"},
    )  # fmt: skip


class CommissionForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Reviewer", queryset=reviewers(), help_text="Someone who had no part in the inspection.",
        error_messages={"required": "Choose the reviewer"},
    )  # fmt: skip
    terms_of_reference = _text("Terms of reference")


class FindingsForm(forms.Form):
    findings = _text("Findings")


class ReviewActionForm(forms.Form):
    description = _line("The action")
    owner = _line("Who owns it", "A post or team, not a person's name.")
    due_on = GovukDateField(label="Due by")


class SummaryForm(forms.Form):
    summary = _text("Summary to publish", "Everyone can read it: no names or personal details.")
