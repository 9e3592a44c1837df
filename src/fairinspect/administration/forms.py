"""The administrators' forms. They check what a form can; the accounts services check the rest."""

from django import forms

from fairinspect.accounts.roles import Role
from fairinspect.audit.actions import action_words, object_words
from fairinspect.audit.selectors import EventSearch, recorded_actions, recorded_object_types
from fairinspect.schools.models import School
from fairinspect.web.forms import GovukDateField

ROLE_CHOICES = [(role.value, role.label) for role in Role]


def _school_field(help_text: str = "The school's unique reference number, e.g. 100000.", **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label="School URN", help_text=help_text,
        error_messages={"required": "Enter the school's URN", "invalid": "The URN must be a number, like 100000"},
        **kwargs,
    )  # fmt: skip


def _clean_school(urn):
    if urn is None:
        return None
    school = School.objects.filter(urn=urn).first()
    if school is None:
        raise forms.ValidationError(f"No school has URN {urn}")
    return school


class UserSearchForm(forms.Form):
    q = forms.CharField(label="Name, username or email", required=False, max_length=100)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role"},
    )  # fmt: skip


class CreateUserForm(RolesForm):
    username = forms.CharField(label="Username", max_length=150, error_messages={"required": "Enter a username"},
                               help_text="Letters, digits and @ . + - _ only, such as sam.okoro.")
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(label="Email address", required=False,
                             error_messages={"invalid": "Enter an email address like name@example.org"})
    password = forms.CharField(
        label="First password", required=False, widget=forms.PasswordInput,
        help_text="At least 12 characters; give it to them in person. Leave blank for an account that cannot sign "
                  "in yet (one made for someone's records).",
    )  # fmt: skip
    school = _school_field(required=False, help_text="For a school user: the unique reference number of the school they act for.")
    is_headteacher = forms.BooleanField(label="They are the school's headteacher", required=False)

    field_order = ["username", "first_name", "last_name", "email", "password", "roles", "school", "is_headteacher"]

    def clean_school(self):
        return _clean_school(self.cleaned_data["school"])

    def clean_password(self):
        return self.cleaned_data["password"] or None


class MembershipForm(forms.Form):
    school = _school_field()
    is_headteacher = forms.BooleanField(label="They are the school's headteacher", required=False)

    def clean_school(self):
        return _clean_school(self.cleaned_data["school"])


class ReasonForm(forms.Form):
    reason = forms.CharField(label="The reason", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="It is kept on the account's audit trail.",
                             error_messages={"required": "Enter the reason"})


class AuditSearchForm(forms.Form):
    object_type = forms.ChoiceField(label="Kind of object", required=False)
    object_id = forms.CharField(label="Its id", required=False, max_length=64,
                                help_text="The number in its page's address, or a URN for a school.")
    actor = forms.CharField(label="Who acted", required=False, max_length=150, help_text="A username, or system.")
    action = forms.ChoiceField(label="What was done", required=False)
    since = GovukDateField(label="From", required=False)
    until = GovukDateField(label="Until", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        object_type, action = self.fields["object_type"], self.fields["action"]
        assert isinstance(object_type, forms.ChoiceField) and isinstance(action, forms.ChoiceField)
        object_type.choices = [("", "Any")] + sorted(
            ((kind, object_words(kind)) for kind in recorded_object_types()), key=lambda choice: choice[1]
        )
        action.choices = [("", "Anything")] + sorted(
            ((action, action_words(action)) for action in recorded_actions()), key=lambda choice: choice[1]
        )

    def clean(self):
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "Until must be the same as or after From")
        return data

    def search(self) -> EventSearch:
        data = self.cleaned_data
        return EventSearch(
            object_type=data.get("object_type") or "", object_id=data.get("object_id") or "",
            actor=data.get("actor") or "", action=data.get("action") or "", since=data.get("since"),
            until=data.get("until"),
        )  # fmt: skip
