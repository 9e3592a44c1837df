"""Django forms drawn through GOV.UK Frontend's macros: every kind of field, its error, and the summary's links."""

from datetime import date

import pytest
from django import forms
from django.template import engines
from django.test.html import parse_html

from fairinspect.web.forms import GovukDateField, error_summary_params
from tests.html import attribute, find, find_all, text


class EveryKindOfField(forms.Form):
    name = forms.CharField(label="Name")
    secret = forms.CharField(label="Password", widget=forms.PasswordInput)
    notes = forms.CharField(label="Notes", widget=forms.Textarea)
    colour = forms.ChoiceField(label="Colour", choices=[("", "Choose"), ("red", "Red"), ("blue", "Blue")])
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    extras = forms.MultipleChoiceField(
        label="Extras", choices=[("a", "Apples"), ("b", "Bananas")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree")
    visit_date = GovukDateField(label="Date of visit")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "clash":
            raise forms.ValidationError("These answers do not go together")
        return cleaned


def rendered(form):
    template = engines["jinja2"].from_string('{% from "web/forms.html" import form_fields %}{{ form_fields(form) }}')
    return parse_html(template.render({"form": form}))


def test_every_error_is_shown_by_its_field_and_the_summary_links_to_an_element_that_exists():
    form = EveryKindOfField({"visit_date_day": "31", "visit_date_month": "2", "visit_date_year": "2026"})
    assert not form.is_valid()
    html = rendered(form)
    ids = {attribute(element, "id") for element in find_all(html) if attribute(element, "id")}
    summary = error_summary_params(form)["errorList"]

    assert [item["text"] for item in summary] == [
        "This field is required.",
        "This field is required.",
        "This field is required.",
        "This field is required.",
        "This field is required.",
        "This field is required.",
        "This field is required.",
        "Date of visit must be a real date",
    ]
    for item in summary:
        assert item["href"].removeprefix("#") in ids, f"the summary links to {item['href']}, which is not on the page"
    messages = [text(message) for message in find_all(html, cls="govuk-error-message")]
    assert len(messages) == 8 and messages[-1] == "Error: Date of visit must be a real date"


def test_each_field_is_drawn_by_its_govuk_component():
    html = rendered(EveryKindOfField())
    assert attribute(find(html, "input", id="id_name"), "class") == "govuk-input"
    assert find(html, cls="govuk-password-input")
    assert find(html, "textarea", cls="govuk-textarea")
    assert find(html, "select", cls="govuk-select")
    assert len(find_all(html, "input", cls="govuk-radios__input")) == 2
    assert len(find_all(html, "input", cls="govuk-checkboxes__input")) == 3  # two extras and "I agree"
    assert [attribute(box, "name") for box in find_all(html, "input", cls="govuk-date-input__input")] == [
        "visit_date_day",
        "visit_date_month",
        "visit_date_year",
    ]


def test_answers_are_kept_when_the_form_comes_back_with_errors():
    form = EveryKindOfField(
        {"name": "Ada", "colour": "blue", "size": "l", "extras": ["b"],
         "visit_date_day": "4", "visit_date_month": "6", "visit_date_year": "2026"}
    )
    form.is_valid()
    html = rendered(form)
    assert attribute(find(html, "input", id="id_name"), "value") == "Ada"
    assert [text(option) for option in find_all(html, "option") if "selected" in dict(option.attributes)] == ["Blue"]
    assert [attribute(box, "value") for box in find_all(html, "input") if "checked" in dict(box.attributes)] == [
        "l",
        "b",
    ]
    assert [attribute(box, "value") for box in find_all(html, "input", cls="govuk-date-input__input")] == [
        "4",
        "6",
        "2026",
    ]
    assert form.cleaned_data["visit_date"] == date(2026, 6, 4)


def test_an_error_about_the_whole_form_links_to_its_first_question():
    form = EveryKindOfField({"name": "clash"})
    form.is_valid()
    first = error_summary_params(form)["errorList"][0]
    assert first == {"text": "These answers do not go together", "href": "#id_name"}


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "6", "2026", "Date of visit must include a day"),
        ("4", "", "", "Date of visit must include a month and year"),
        ("4", "13", "2026", "Date of visit must be a real date"),
        ("4", "6", "26", "Date of visit must be a real date"),
    ],
)
def test_date_errors_say_what_is_missing_or_wrong(day, month, year, message):
    form = EveryKindOfField({"visit_date_day": day, "visit_date_month": month, "visit_date_year": year})
    form.is_valid()
    assert form.errors["visit_date"] == [message]


def test_a_form_without_errors_has_no_summary():
    assert error_summary_params(EveryKindOfField()) is None
