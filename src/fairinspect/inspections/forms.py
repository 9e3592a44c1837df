"""The forms of the inspection pages. They check what a form can (something chosen, a real date); the
services check the rest and their refusals come back as errors on these forms."""

from django import forms

from fairinspect.frameworks.models import Framework
from fairinspect.inspections.eligibility import team_candidates
from fairinspect.inspections.models import PERSON_PAUSE_GROUNDS, DeferralGround, Kind
from fairinspect.schools.models import School
from fairinspect.core.text import LINE, SHORT_NOTE
from fairinspect.web.forms import GovukDateField
from fairinspect.workforce.models import Inspector


def _reason_field(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


class ReasonForm(forms.Form):
    reason = _reason_field("The reason", "It is kept on the inspection's audit history.")


class PlanForm(forms.Form):
    school = forms.IntegerField(
        label="School URN", help_text="The school's unique reference number, e.g. 100000.",
        error_messages={"required": "Enter the school's URN", "invalid": "The URN must be a number, like 100000"},
    )
    kind = forms.ChoiceField(label="Kind of inspection", choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of inspection"})
    framework = forms.ModelChoiceField(
        label="Framework", queryset=Framework.objects.all(), empty_label=None, widget=forms.RadioSelect,
        error_messages={"required": "Choose the framework"},
    )
    starts_on = GovukDateField(label="First day on site")
    ends_on = GovukDateField(label="Last day on site", required=False,
                             help_text="Leave blank for the usual length of an inspection.")

    def clean_school(self):
        school = School.objects.filter(urn=self.cleaned_data["school"]).first()
        if school is None:
            raise forms.ValidationError(f"No school has URN {self.cleaned_data['school']}")
        return school


class AssignForm(forms.Form):
    inspector = forms.ModelChoiceField(
        label="Inspector", queryset=Inspector.objects.none(), error_messages={"required": "Choose an inspector"}
    )
    as_lead = forms.BooleanField(label="Lead inspector", required=False,
                                 help_text="The lead must be an HM Inspector or have recent HMI experience.")

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        inspector = self.fields["inspector"]
        assert isinstance(inspector, forms.ModelChoiceField)
        inspector.queryset = team_candidates(inspection).select_related("user")


class DeferralRequestForm(forms.Form):
    ground = forms.ChoiceField(label="Why are you asking to defer the inspection?", choices=DeferralGround.choices,
                               help_text="While we have a standing offer to defer in place, a request that takes it up "
                                         "is granted at once.",
                               widget=forms.RadioSelect, error_messages={"required": "Choose why you are asking to defer the inspection"})
    details = _reason_field(
        "What has happened",
        "Tell us enough to decide quickly. You do not need to give anyone's medical details.",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision", choices=[("grant", "Grant: defer the inspection"), ("refuse", "Refuse: it goes ahead")],
        widget=forms.RadioSelect, error_messages={"required": "Choose whether to grant or refuse the request"},
    )
    reason = _reason_field("The reason for your decision", "The school will read it.")


class PauseForm(forms.Form):
    ground = forms.ChoiceField(
        label="Why is the inspection being paused?",
        choices=[(ground.value, ground.label) for ground in PERSON_PAUSE_GROUNDS],
        widget=forms.RadioSelect, error_messages={"required": "Choose why the inspection is being paused"},
    )
    note = forms.CharField(label="A short note (optional)", required=False,
                           help_text="For the duty decision-maker and the lead inspector only. At most "
                                     f"{SHORT_NOTE.limit} characters: no names or health details.")
    until = GovukDateField(label="Pause until", required=False,
                           help_text="Leave blank to pause until the next working day. A pause lasts at most 5 working days.")


class PauseUntilForm(forms.Form):
    until = GovukDateField(label="Pause until", required=False, help_text="Leave blank to keep the date given.")


class ReplanForm(forms.Form):
    starts_on = GovukDateField(label="First day on site")
    ends_on = GovukDateField(label="Last day on site", required=False,
                             help_text="Leave blank for the usual length of an inspection.")


class BlanketOfferForm(forms.Form):
    ground = forms.ChoiceField(label="Requests on this ground are granted", choices=DeferralGround.choices,
                               widget=forms.RadioSelect, error_messages={"required": "Choose the ground"})
    starts_on = GovukDateField(label="From")
    ends_on = GovukDateField(label="Until")
    description = forms.CharField(label="What the offer is, as schools will read it", required=False,
                                  help_text=f"One line, at most {LINE.limit} characters.")


class HaltForm(forms.Form):
    reason = _reason_field("The reason", "Everyone using the service will see it.")
