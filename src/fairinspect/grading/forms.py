"""Grading forms, built from the framework's data: one radio question per criterion of the area, with the area's
evidence to cite beside it; the services check everything that matters and their refusals come back here."""

from django import forms

from fairinspect.core.text import LINE, REASON
from fairinspect.frameworks.models import Area, Criterion, SafeguardingOutcome, ScalePoint
from fairinspect.grading.models import AreaGrade, CriterionJudgement, SafeguardingJudgement
from fairinspect.grading.services import Judgement

_NOT_JUDGED = ""


def _evidence_choices(records) -> list[tuple[int, str]]:
    return [(record.pk, f"Record {record.pk}: {record.get_activity_display()}, {record.text[:80]}") for record in records]


class CriteriaForm(forms.Form):
    """Every criterion and indicator of one area: met or not (found or not), or not judged yet, and what it cites;
    the stored judgements are the initial answers."""

    def __init__(self, *args, area: Area, area_grade: AreaGrade | None, records, **kwargs):
        super().__init__(*args, **kwargs)
        stored: dict[str, CriterionJudgement] = (
            {j.criterion.code: j for j in area_grade.judgements.select_related("criterion")} if area_grade else {}
        )
        self.criteria: list[Criterion] = list(area.criteria.select_related("level").order_by("-is_indicator", "level__rank", "order"))
        choices = _evidence_choices(records)
        for criterion in self.criteria:
            said = ("Found", "Not found") if criterion.is_indicator else ("Met", "Not met")
            kind = "Indicator" if criterion.is_indicator else "Criterion"
            judged = stored.get(criterion.code)
            self.fields[criterion.code] = forms.ChoiceField(
                label=f"{kind} {criterion.code} ({criterion.level.label.lower()}): {criterion.text}",
                choices=[("yes", said[0]), ("no", said[1]), (_NOT_JUDGED, "Not judged yet")],
                widget=forms.RadioSelect, required=False,
                initial=_NOT_JUDGED if judged is None else ("yes" if judged.holds else "no"),
            )  # fmt: skip
            self.fields[f"{criterion.code}-cites"] = forms.TypedMultipleChoiceField(
                label=f"Evidence cited for {criterion.code}", choices=choices, coerce=int, required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[record.pk for record in judged.cites.all()] if judged else [],
            )  # fmt: skip

    def judgements(self) -> dict[str, Judgement]:
        return {
            criterion.code: Judgement(self.cleaned_data[criterion.code] == "yes", tuple(self.cleaned_data[f"{criterion.code}-cites"]))
            for criterion in self.criteria
            if self.cleaned_data[criterion.code] != _NOT_JUDGED
        }


class JudgementForm(CriteriaForm):
    """The lead's judgements on site, and the grade they confirm from them."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, area: Area, area_grade: AreaGrade | None, records, grades, **kwargs):
        super().__init__(*args, area=area, area_grade=area_grade, records=records, **kwargs)
        self.fields["version"].initial = area_grade.version if area_grade else 0
        self.fields["confirm"] = forms.ChoiceField(
            label="Confirm the area's grade", required=False, widget=forms.RadioSelect,
            choices=[(_NOT_JUDGED, "Not yet: save the judgements only"), *[(g.code, g.label) for g in grades]],
            help_text="The grade must be the one the judgements support by secure fit.",
        )  # fmt: skip
        self.fields["rationale"] = forms.CharField(
            label="Why the area has this grade (for the report)", required=False, max_length=REASON.limit,
            widget=forms.Textarea(attrs={"rows": 4}), initial=area_grade.rationale if area_grade else "",
        )  # fmt: skip


class RegradeForm(CriteriaForm):
    """The criteria judged again after the final feedback: the grade becomes the one they then support."""

    def __init__(self, *args, area: Area, area_grade: AreaGrade | None, records, **kwargs):
        super().__init__(*args, area=area, area_grade=area_grade, records=records, **kwargs)
        self.fields["rationale"] = forms.CharField(
            label="Why the area has this grade (for the report)", required=False, max_length=REASON.limit,
            widget=forms.Textarea(attrs={"rows": 4}), initial=area_grade.rationale if area_grade else "",
        )  # fmt: skip
        self.fields["reason"] = forms.CharField(
            label="Why the grade changes", max_length=REASON.limit, widget=forms.Textarea(attrs={"rows": 4}),
            help_text="For example, the review or complaint upheld, and what it found.",
            error_messages={"required": "Enter why the grade changes"},
        )  # fmt: skip


class ProposalForm(forms.Form):
    grade = forms.ModelChoiceField(
        label="The grade you propose", queryset=ScalePoint.objects.none(), to_field_name="code", empty_label=None,
        widget=forms.RadioSelect, error_messages={"required": "Choose a grade"},
    )  # fmt: skip
    note = forms.CharField(label="Note for the lead (optional)", required=False, max_length=LINE.limit)

    def __init__(self, *args, grades, **kwargs):
        super().__init__(*args, **kwargs)
        grade = self.fields["grade"]
        assert isinstance(grade, forms.ModelChoiceField)
        grade.queryset = grades


class SafeguardingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ModelChoiceField(
        label="Safeguarding", queryset=SafeguardingOutcome.objects.none(), to_field_name="code", empty_label=None,
        widget=forms.RadioSelect, error_messages={"required": "Choose whether safeguarding is met"},
    )  # fmt: skip
    remediable = forms.BooleanField(
        label="Not met, but the school can put it right within the framework's period (a return visit follows)",
        required=False,
    )
    cites = forms.TypedMultipleChoiceField(label="Evidence cited", coerce=int, widget=forms.CheckboxSelectMultiple, required=False)
    rationale = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 4}), max_length=REASON.limit,
                                error_messages={"required": "Enter why safeguarding is judged so"})

    def __init__(self, *args, outcomes, records, current: SafeguardingJudgement | None, **kwargs):
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ModelChoiceField)
        outcome.queryset = outcomes
        cites = self.fields["cites"]
        assert isinstance(cites, forms.TypedMultipleChoiceField)
        cites.choices = _evidence_choices(records)
        self.fields["version"].initial = current.version if current else 0
        if current:
            self.fields["outcome"].initial = current.outcome.code
            self.fields["remediable"].initial = current.remediable
            self.fields["cites"].initial = [record.pk for record in current.cites.all()]
            self.fields["rationale"].initial = current.rationale


