"""Dates and times written the GOV.UK way ("4 June 2026", "4 June 2026 at 2:15pm")."""

from datetime import date, datetime

from django.utils import timezone


def govuk_date(value: date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def govuk_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    minutes = "" if local.minute == 0 else f":{local.minute:02d}"
    return f"{govuk_date(local)} at {hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
