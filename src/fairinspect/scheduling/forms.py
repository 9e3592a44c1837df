from typing import cast

from django import forms
from django.db.models import Case, When

from fairinspect.core import working_days
from fairinspect.scheduling.calendar import school_terms
from fairinspect.scheduling.selectors import Candidate
from fairinspect.workforce.models import Inspector


class TermForm(forms.Form):
    term = forms.ChoiceField(
        label="Term", widget=forms.RadioSelect, error_messages={"required": "Choose the term to plan"},
        help_text="The planner finds the schools due, gives each a week and proposes every team. It takes up to a "
                  "minute or so: the plan's page says when it is ready.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = working_days.today()
        field = cast(forms.ChoiceField, self.fields["term"])
        field.choices = [(term.code, term.name) for term in school_terms() if term.ends_on > today][:3]


class DueTermForm(forms.Form):
    term = forms.ChoiceField(label="Term", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = working_days.today()
        field = cast(forms.ChoiceField, self.fields["term"])
        field.choices = [(term.code, term.name) for term in school_terms() if term.ends_on > today]


class CandidateField(forms.ModelChoiceField):
    """Inspectors to choose from, each labelled as `labels` says (what they are, whether the rules let them join,
    how far away they live)."""

    labels: dict[int, str] = {}

    def label_from_instance(self, obj) -> str:
        return self.labels.get(obj.pk, obj.name)


class PlaceForm(forms.Form):
    inspector = CandidateField(
        label="Inspector", queryset=Inspector.objects.none(), error_messages={"required": "Choose an inspector"},
        help_text="Those the rules let join the team come first, the nearest first; anyone else is refused with why.",
    )  # fmt: skip
    as_lead = forms.BooleanField(label="As the lead inspector", required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(CandidateField, self.fields["inspector"])
        order = [candidate.inspector.pk for candidate in candidates]
        field.queryset = Inspector.objects.filter(pk__in=order).select_related("user").order_by(
            Case(*(When(pk=pk, then=number) for number, pk in enumerate(order)), default=len(order))
        )
        field.labels = {candidate.inspector.pk: _label(candidate) for candidate in candidates}


def _label(candidate: Candidate) -> str:
    parts = [candidate.inspector.get_kind_display()]
    if candidate.may_join:
        parts.append("may lead" if candidate.may_lead else "may join")
    if candidate.travel_km is not None:
        parts.append(f"{candidate.travel_km:.0f} km away")
    return f"{candidate.inspector.name} ({', '.join(parts)})"
