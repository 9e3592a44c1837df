from django import forms

from fairinspect.frameworks.models import TrainingCourse
from fairinspect.schools.models import School, Trust
from fairinspect.web.forms import GovukDateField
from fairinspect.core.text import LINE, SHORT_NOTE
from fairinspect.workforce.selectors import training_courses


class InspectorSearchForm(forms.Form):
    q = forms.CharField(label="Name or reference", required=False, max_length=100)


class StatusChangeForm(forms.Form):
    reason = forms.CharField(
        label="The reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the reason"},
        help_text="Kept on the inspector's audit history.",
    )


# An inspector's record. The forms check what a form can; the services check the rest (dates in order, who
# may), and their refusals come back as errors on these forms.


class RegistryNumberField(forms.IntegerField):
    """A school or a trust given by its number in the registry (a URN, a group UID), cleaned to the one it names.
    `number` is what the number is called in messages, `missing` the message when none has it."""

    def __init__(self, model: type[School | Trust], *, number: str, example: int, missing: str, **kwargs):
        super().__init__(min_value=1, **kwargs)
        self.model, self.missing = model, missing
        not_a_number = f"The {number} must be a number, like {example}"
        self.error_messages.update(required=f"Enter the {number}", invalid=not_a_number, min_value=not_a_number)

    def clean(self, value):
        number = super().clean(value)
        if number is None:
            return None
        found = self.model.objects.filter(pk=number).first()
        if found is None:
            raise forms.ValidationError(self.missing.format(number))
        return found


def _school_field(**kwargs) -> RegistryNumberField:
    return RegistryNumberField(
        School, number="school's URN", example=100000, missing="No school has URN {}", label="School URN", **kwargs
    )


class TrainingForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Course", queryset=TrainingCourse.objects.none(), empty_label=None, widget=forms.RadioSelect,
        error_messages={"required": "Choose the course"},
    )  # fmt: skip
    completed_on = GovukDateField(label="Date completed")
    expires_on = GovukDateField(label="Expiry date", required=False, help_text="Leave blank if it does not expire.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        assert isinstance(course, forms.ModelChoiceField)
        course.queryset = training_courses()


class UnavailabilityForm(forms.Form):
    starts_on = GovukDateField(label="First day away")
    ends_on = GovukDateField(label="Last day away")
    reason = forms.CharField(
        label="Why (optional)", required=False,
        help_text=f"A few words are enough, such as annual leave (at most {SHORT_NOTE.limit} characters). "
                  "Do not give health details.",
    )  # fmt: skip


class ConflictForm(forms.Form):
    school = _school_field(required=False, help_text="Give a school's URN or a trust's number, not both.")
    trust = RegistryNumberField(
        Trust, number="trust number", example=5143, missing="No trust has the number {}", label="Trust number",
        required=False, help_text="The trust's group UID in Get Information about Schools, e.g. 5143.",
    )  # fmt: skip
    reason = forms.CharField(
        label="The reason", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"For example, your child attends the school, or you are a governor there. One line, at most "
                  f"{LINE.limit} characters.",
    )  # fmt: skip


class SchoolWorkedAtForm(forms.Form):
    school = _school_field(help_text="The school's unique reference number, e.g. 100000.")
    started_on = GovukDateField(label="Date they started")
    left_on = GovukDateField(label="Date they left", required=False, help_text="Leave blank if they still work there.")


class LeftSchoolForm(forms.Form):
    left_on = GovukDateField(label="Date they left")
