"""The forms of the report pages. They check what a form can; the services check the rest (limits, the window,
who may act) and their refusals come back as errors on these forms."""

from django import forms

from fairinspect.core.text import NARRATIVE, REASON


def _text(label: str, hint: str = "", *, limit: int = REASON.limit, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


class NarrativeForm(forms.Form):
    pupil_experience = _text(
        "What it is like to be a pupil here", "Plain words a parent would use.", limit=NARRATIVE.limit, rows=8
    )
    next_steps = _text("What the school should do next", limit=NARRATIVE.limit, rows=6)


class LetterForm(forms.Form):
    letter = _text(
        "The letter to parents",
        "A visit gives no grade: the letter may not use any word of a grading scale.",
        limit=NARRATIVE.limit,
        rows=10,
    )


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label="Which section is your comment about?", widget=forms.RadioSelect,
        error_messages={"required": "Choose the section of the report your comment is about"},
    )  # fmt: skip
    text = _text("Your comment", "Say what is factually wrong and what is right. Do not include pupils' names.")

    def __init__(self, *args, sections: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ChoiceField)
        section.choices = list(sections.items())


class AnswerForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label="Do you accept the comment?", widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", "Yes: I have revised the report"), ("no", "No")],
        error_messages={"required": "Say whether you accept the comment"},
    )  # fmt: skip
    reason = _text("Your reason", "The school reads it.")


class ReviewRequestForm(forms.Form):
    reason = _text("Why you ask for a review of the grades", "Say which grades, and why you think they are wrong.")


class ReviewDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label="Your decision", widget=forms.RadioSelect, coerce=lambda value: value == "upheld",
        choices=[("upheld", "Upheld: a grade must change"), ("not-upheld", "Not upheld: the grades stand")],
        error_messages={"required": "Choose your decision"},
    )  # fmt: skip
    reason = _text("Your reasons", "The school reads them.")


class ReturnForm(forms.Form):
    comments = _text("Your comments for the lead inspector", "What must change before the report can be published.")


class _AmendmentReason(forms.Form):
    reason = _text("Why the report is amended", "Shown with the new version, and kept on the audit trail.")


class AmendCardForm(_AmendmentReason, NarrativeForm):
    pass


class AmendLetterForm(_AmendmentReason, LetterForm):
    pass
