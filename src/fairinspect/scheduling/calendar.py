"""The school terms inspections are planned in (`rules.calendar`), and the days in each when a school can be called
and inspected: never in a holiday, on a bank holiday (`core.working_days`), on a day the planning rules keep free
(24 December) or in a term's last working days; the call on the working day before the team is on site, as the
notice rule says."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from fairinspect.core import working_days
from fairinspect.core.errors import InvalidRequest
from fairinspect.core.formatting import govuk_date
from fairinspect.scheduling import rules


@dataclass(frozen=True)
class SchoolTerm:
    code: str
    name: str
    starts_on: date
    ends_on: date
    holidays: tuple[tuple[str, date, date], ...]

    def __str__(self):
        return self.name

    def is_open_on(self, day: date) -> bool:
        """Whether schools are open: a working day in the term, outside its holidays."""
        return (
            self.starts_on <= day <= self.ends_on
            and working_days.is_working_day(day)
            and not any(first <= day <= last for _, first, last in self.holidays)
        )


@dataclass(frozen=True)
class Visit:
    """When a school is called and its team is on site."""

    call_on: date
    days: tuple[date, ...]

    @property
    def starts_on(self) -> date:
        return self.days[0]

    @property
    def ends_on(self) -> date:
        return self.days[-1]

    @property
    def week(self) -> date:
        return self.starts_on - timedelta(days=self.starts_on.weekday())


def school_terms() -> list[SchoolTerm]:
    return [
        SchoolTerm(
            term.code, term.name, term.starts_on, term.ends_on,
            tuple((holiday.name, holiday.starts_on, holiday.ends_on) for holiday in term.holidays),
        )  # fmt: skip
        for term in rules.calendar().terms
    ]


def term_named(code: str) -> SchoolTerm:
    """The term with this code, or InvalidRequest listing the codes there are."""
    terms = school_terms()
    for term in terms:
        if term.code == code.strip().casefold():
            return term
    raise InvalidRequest(
        f"There is no term {code!r} in the term calendar: give one of {', '.join(term.code for term in terms)}",
        field="term",
    )


def next_term(after: date) -> SchoolTerm:
    """The first term that starts after `after`: the one the scheduling team plans next."""
    for term in school_terms():
        if term.starts_on > after:
            return term
    raise InvalidRequest(
        f"The term calendar has no term after {govuk_date(after)}: add the coming terms' dates to it", field="term"
    )


def days_kept_free(term: SchoolTerm) -> set[date]:
    """The days of the term no team is on site: those the planning rules name (24 December) and its last working
    days."""
    planning = rules.planning()
    never = set(planning.never_on)
    free = {day for day in _days(term) if f"{day:%m-%d}" in never}
    open_days = [day for day in _days(term) if term.is_open_on(day)]
    kept = planning.last_working_days_kept_free
    free.update(open_days[len(open_days) - kept :] if kept else [])
    return free


def _days(term: SchoolTerm) -> list[date]:
    return [term.starts_on + timedelta(days=offset) for offset in range((term.ends_on - term.starts_on).days + 1)]


def visits_in(term: SchoolTerm) -> list[Visit]:
    """Each week's call and days on site (one a week per call weekday the planning rules give): the call on the
    weekday, or the next working day of the week the school is open; on site the working days the notice rule
    gives after it, every one a day the school is open and none kept free."""
    config = settings.FAIRINSPECT
    free = days_kept_free(term)
    visits: list[Visit] = []
    monday = term.starts_on - timedelta(days=term.starts_on.weekday())
    while monday <= term.ends_on:
        for weekday in rules.planning().call_on:
            call_on = next(
                (day for day in (monday + timedelta(days=offset) for offset in range(weekday.number, 5))
                 if term.is_open_on(day)),
                None,
            )  # fmt: skip
            if call_on is None:
                continue
            first = working_days.add_working_days(call_on, config["NOTICE_WORKING_DAYS"])
            days = tuple(working_days.add_working_days(first, number) for number in range(config["ON_SITE_WORKING_DAYS"]))
            if all(term.is_open_on(day) and day not in free for day in days):
                visit = Visit(call_on, days)
                if visit not in visits:
                    visits.append(visit)
        monday += timedelta(weeks=1)
    return visits
