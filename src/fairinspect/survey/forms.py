from django import forms

from fairinspect.core.text import REASON
from fairinspect.survey.models import QUESTIONS


class ResponseForm(forms.Form):
    """The survey's questions as radios (each answer required), then optional comments."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, question, choices in QUESTIONS:
            self.fields[field] = forms.TypedChoiceField(
                label=question, choices=choices.choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": f"Answer “{question}”"},
            )  # fmt: skip
        self.fields["comments"] = forms.CharField(
            label="Anything else you want to tell us (optional)", required=False, max_length=REASON.limit,
            help_text="Please do not name anyone. Comments are read by the inspectorate's research team, never shown "
            "on their own.",
            widget=forms.Textarea(attrs={"rows": 5}),
        )  # fmt: skip
