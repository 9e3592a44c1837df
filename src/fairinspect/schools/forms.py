from django import forms

from fairinspect.schools.models import LocalAuthority


class LocalAuthorityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SchoolSearchForm(forms.Form):
    q = forms.CharField(
        label="School name, URN or postcode",
        required=False,
        max_length=100,
        help_text="For example, Hillside Primary, 100000 or SW1A 1AA",
        error_messages={"max_length": "School name, URN or postcode must be 100 characters or fewer"},
    )
    local_authority = LocalAuthorityChoiceField(
        label="Local authority",
        required=False,
        queryset=LocalAuthority.objects.all(),
        empty_label="Any local authority",
        error_messages={"invalid_choice": "Choose a local authority from the list"},
    )
    include_closed = forms.BooleanField(label="Include closed schools", required=False)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        # An empty search would list every school in England, which helps nobody.
        if not self.errors and not cleaned.get("q") and cleaned.get("local_authority") is None:
            self.add_error("q", "Enter a school name, URN or postcode, or choose a local authority")
        return cleaned
