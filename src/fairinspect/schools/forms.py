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
    )
    local_authority = LocalAuthorityChoiceField(
        label="Local authority",
        required=False,
        queryset=LocalAuthority.objects.all(),
        empty_label="Any local authority",
        error_messages={"invalid_choice": "Choose a local authority from the list"},
    )
    include_closed = forms.BooleanField(label="Include closed schools", required=False)
