"""Dates, times and counts written the GOV.UK way ("4 June 2026", "4 June 2026 at 2:15pm", "3 inspections")."""

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
    if (local.hour, local.minute) in ((12, 0), (0, 0)):
        # GOV.UK's style: "midday" and "midnight", never "12pm" and "12am", which people misread.
        return f"{govuk_date(local)} at {'midday' if local.hour else 'midnight'}"
    hour = local.hour % 12 or 12
    minutes = "" if local.minute == 0 else f":{local.minute:02d}"
    return f"{govuk_date(local)} at {hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def govuk_date_range(starts_on: date, ends_on: date | None) -> str:
    """Two dates written as GOV.UK writes a range, without repeating what they share: "24 to 25 November
    2026", "30 November to 1 December 2026", "31 December 2026 to 1 January 2027"; one date when they are
    the same day."""
    if ends_on is None or ends_on == starts_on:
        return govuk_date(starts_on)
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day} to {govuk_date(ends_on)}"
    if starts_on.year == ends_on.year:
        return f"{starts_on.day} {starts_on:%B} to {govuk_date(ends_on)}"
    return f"{govuk_date(starts_on)} to {govuk_date(ends_on)}"


def govuk_period(starts_on: date, ends_on: date | None) -> str:
    """When something happens, to follow a verb: "on 24 November 2026" or "from 24 to 25 November 2026"."""
    if ends_on is None or ends_on == starts_on:
        return f"on {govuk_date(starts_on)}"
    return f"from {govuk_date_range(starts_on, ends_on)}"


def count(number: int, singular: str, plural: str | None = None) -> str:
    """A number of things as people write it: "1 inspection", "3 inspections", "1,200 schools"."""
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"
