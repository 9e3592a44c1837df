from django import forms


class InspectorSearchForm(forms.Form):
    q = forms.CharField(label="Name or reference", required=False, max_length=100)


class StatusChangeForm(forms.Form):
    reason = forms.CharField(
        label="The reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the reason"},
        help_text="Kept on the inspector's audit history.",
    )
