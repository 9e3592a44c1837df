"""Checks of the dates a change asks for: working days in England, and an inspection's days on site."""

from datetime import date

from django.conf import settings

from fairinspect.core import working_days
from fairinspect.core.errors import InvalidRequest
from fairinspect.core.formatting import govuk_date


def working_day(day: date, field: str, what: str) -> None:
    if working_days.is_working_day(day):
        return
    holiday = working_days.bank_holiday_name(day)
    why = f"it is a bank holiday ({holiday})" if holiday else "it is a weekend"
    raise InvalidRequest(f"{what} must be a working day: {govuk_date(day)} is not, as {why}", field=field)


def on_site_dates(starts_on: date, ends_on: date | None) -> tuple[date, date]:
    """Checked on-site dates; the last day defaults to the usual length of an inspection."""
    if starts_on <= working_days.today():
        raise InvalidRequest("The first day on site must be in the future", field="starts_on")
    working_day(starts_on, "starts_on", "The first day on site")
    if ends_on is None:
        try:
            ends_on = working_days.add_working_days(starts_on, settings.FAIRINSPECT["ON_SITE_WORKING_DAYS"] - 1)
        except OverflowError:  # the usual length runs past 31 December 9999, the last day Python has
            raise InvalidRequest("The first day on site is too far in the future", field="starts_on") from None
    if ends_on < starts_on:
        raise InvalidRequest("The last day on site must be the same as or after the first day", field="ends_on")
    working_day(ends_on, "ends_on", "The last day on site")
    return starts_on, ends_on
