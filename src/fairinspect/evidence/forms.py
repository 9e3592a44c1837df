"""The evidence form: one activity about one area, its criteria as checkboxes, and files to attach."""

from django import forms

from fairinspect.evidence.models import EVIDENCE_TEXT, Activity
from fairinspect.frameworks.models import Area


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class EvidenceForm(forms.Form):
    activity = forms.ChoiceField(
        label="Activity", choices=Activity.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the activity"},
    )  # fmt: skip
    criteria = forms.MultipleChoiceField(
        label="Criteria this evidence bears on", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Choose any that apply.",
    )  # fmt: skip
    observed_at = forms.TimeField(
        label="Time of the activity (optional)", required=False, help_text="Today, for example 10:30. Leave it blank for now.",
        error_messages={"invalid": "Enter the time like 10:30"}, widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}),
    )  # fmt: skip
    text = forms.CharField(
        label="What you found", widget=forms.Textarea(attrs={"rows": 8}), max_length=EVIDENCE_TEXT.limit,
        error_messages={"required": "Enter what you found"},
    )  # fmt: skip
    attachments = MultipleFileField(
        label="Attach files (optional)", required=False,
        help_text="PDF, JPEG or PNG files, such as photographs of pupils' work.",
    )  # fmt: skip

    def __init__(self, *args, area: Area, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = self.fields["criteria"]
        assert isinstance(criteria, forms.MultipleChoiceField)
        criteria.choices = [
            (criterion.code, f"{criterion.level.label}: {criterion.text}")
            for criterion in area.criteria.select_related("level").order_by("level__rank", "order")
        ]
