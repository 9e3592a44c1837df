from django import forms

from fairinspect.analytics.models import Source
from fairinspect.analytics.selectors import DIMENSIONS, frameworks_with_grades


def _framework_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Framework", required=False, choices=[(f.code, f.title) for f in frameworks_with_grades()],
        help_text="Grades are compared only within one framework's scale.",
    )  # fmt: skip


class FrameworkForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"] = _framework_field()


class GradesForm(FrameworkForm):
    by = forms.ChoiceField(label="Group schools by", required=False, choices=list(DIMENSIONS.items()))
    source = forms.ChoiceField(
        label="Inspections", required=False, choices=[("", "All published"), *Source.choices]
    )
