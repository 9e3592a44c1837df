"""Django forms rendered through GOV.UK Frontend's macros.

Forms stay ordinary Django forms (validation, cleaning, errors). `field_component` says which GOV.UK
component shows a bound field and `field_params` builds that component's parameters from it, so the
`form_field` macro in `web/forms.html` renders any field with no component written by hand. Every error
links from the error summary to the input it is about (its id is the field's `auto_id`).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.forms.boundfield import BoundField
from django.http import HttpResponse
from django.shortcuts import redirect, render

from fairinspect.core.errors import DomainError, NotPermitted


class ConfirmForm(forms.Form):
    """No questions: the button is the decision."""


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes: the GOV.UK date pattern (people do not type ISO dates)."""

    def __init__(self, attrs=None):
        super().__init__({"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK's error messages."""

    widget = DateWidget

    def __init__(self, **kwargs):
        parts = [forms.CharField(required=False) for _ in range(3)]
        # Given before Field merges in its own defaults, or its "This field is required." (which names no field)
        # would win; a form's own message still wins over this one.
        label = str(kwargs.get("label") or "date").lower()
        kwargs["error_messages"] = {"required": f"Enter the {label}", **kwargs.get("error_messages", {})}
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        label = str(self.label or "The date")
        missing = [name for name, part in zip(("day", "month", "year"), data_list) if not part]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(str(part).strip()) for part in data_list)
            if year < 1000:
                raise ValueError
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date") from None


def field_component(field: BoundField) -> str:
    """Which GOV.UK component renders this field (the name the `form_field` macro dispatches on)."""
    widget = field.field.widget
    match widget:
        case forms.HiddenInput():
            return "hidden"
        case DateWidget():
            return "date"
        case forms.CheckboxSelectMultiple():
            return "checkboxes"
        case forms.RadioSelect():
            return "radios"
        case forms.Select():
            return "select"
        case forms.CheckboxInput():
            return "checkbox"
        case forms.Textarea():
            return "textarea"
        case forms.PasswordInput():
            return "password"
        case forms.FileInput():
            return "file"
        case _:
            return "input"


def _merge(base: dict, overrides: dict) -> dict:
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _choices(field: BoundField) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.field.widget.choices]


def _selected_values(field: BoundField) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(item) for item in value}
    return {str(value)}


def field_params(field: BoundField, overrides: dict | None = None) -> dict[str, Any]:
    """The GOV.UK macro parameters for a bound Django form field; `overrides` are merged in last."""
    kind = field_component(field)
    label = {"text": str(field.label)}
    params: dict[str, Any] = {"name": field.html_name}
    if field.help_text:
        params["hint"] = {"text": str(field.help_text)}
    if field.errors:
        params["errorMessage"] = {"text": " ".join(str(error) for error in field.errors)}

    if kind in {"radios", "checkboxes", "date"}:
        params["fieldset"] = {"legend": {"text": label["text"], "classes": "govuk-fieldset__legend--s"}}
    else:
        params["id"] = field.auto_id
        params["label"] = label

    if kind == "radios" or kind == "checkboxes":
        selected = _selected_values(field)
        params["idPrefix"] = field.auto_id
        params["items"] = [
            {"value": value, "text": text, "checked": value in selected} for value, text in _choices(field)
        ]
    elif kind == "select":
        selected = _selected_values(field)
        params["items"] = [
            {"value": value, "text": text, "selected": value in selected} for value, text in _choices(field)
        ]
    elif kind == "checkbox":
        params = {
            "name": field.html_name,
            "idPrefix": field.auto_id,
            "items": [{"value": "true", "text": label["text"], "checked": bool(field.value())}],
            **{key: params[key] for key in ("hint", "errorMessage") if key in params},
        }
    elif kind == "date":
        value = field.value()
        parts = field.field.widget.decompress(value) if isinstance(value, date) or value is None else value
        error_class = " govuk-input--error" if field.errors else ""
        params["id"] = field.auto_id
        params["items"] = [
            {
                "id": field.auto_id if index == 0 else f"{field.auto_id}_{part}",
                "name": f"{field.html_name}_{part}",
                "label": part.capitalize(),
                "value": "" if parts[index] is None else str(parts[index]),
                "classes": ("govuk-input--width-4" if part == "year" else "govuk-input--width-2") + error_class,
            }
            for index, part in enumerate(("day", "month", "year"))
        ]
    elif kind in {"input", "textarea", "password"}:
        value = field.value()
        if value not in (None, "") and kind != "password":
            params["value"] = str(field.field.widget.format_value(value))
        if kind == "input":
            params["type"] = getattr(field.field.widget, "input_type", "text")
        autocomplete = field.field.widget.attrs.get("autocomplete")
        if autocomplete:
            params["autocomplete"] = autocomplete

    return _merge(params, overrides or {})


def error_summary_params(*forms_: forms.BaseForm) -> dict[str, Any] | None:
    """The error summary for one or more forms, or None when they have no errors."""
    error_list: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        # Every summary entry links somewhere: an error about the whole form goes to its first question.
        fields = form.visible_fields()
        first_anchor = {"href": f"#{fields[0].auto_id}"} if fields else {}
        error_list.extend({"text": str(error), **first_anchor} for error in form.non_field_errors())
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            anchor = form[name].auto_id
            error_list.extend({"text": str(error), "href": f"#{anchor}"} for error in errors)
    if not error_list:
        return None
    return {"titleText": "There is a problem", "errorList": error_list}


def add_refusal(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: by the field it is about, or above the form. A refusal with
    several reasons (such as an ineligible inspector) gives one error per reason, so none is lost in a list."""
    form.add_error(error.field if error.field in form.fields else None, error.messages())


def submit(form: forms.BaseForm, change: Callable[[dict], object]) -> int | None:
    """Call a service with a bound form's cleaned data. None when it succeeded; otherwise the status to
    answer with, the problem being on the form (422 for bad input, or the refusal's own status, e.g. 409).
    A refusal of the user themselves becomes the 403 page."""
    if not form.is_valid():
        return 422
    try:
        change(form.cleaned_data)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        add_refusal(form, error)
        return error.status
    return None


def change_page(
    request,
    form_class: Callable[..., forms.BaseForm],
    change: Callable[[dict], object],
    *,
    done: str,
    back: str,
    template: str = "web/change.html",
    **context,
) -> HttpResponse:
    """A page whose one form makes one change: shown empty on GET; on POST the change is made and the user
    goes `back` to read `done`, or sees the form again with what to put right."""
    form = form_class(request.POST if request.method == "POST" else None)
    status: int | None = 200
    if request.method == "POST":
        status = submit(form, change)
        if status is None:
            messages.success(request, done)
            return redirect(back)
    return render(request, template, {**context, "form": form, "back": back}, status=status)
