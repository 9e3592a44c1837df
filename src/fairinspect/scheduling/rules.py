"""The scheduling team's rules, as data files in `scheduling/data/`: the school terms (`terms.yaml`, or the file
SCHOOL_TERMS_FILE names), how a term is planned (`planning.yaml`) and who is due (`due.yaml`). Each file is checked
whole when first read; a file that does not fit is refused with every problem named by its place in the file,
e.g. `due.yaml: follow_ups.2.within_months: Input should be greater than 0`.

They live with the app that reads them rather than beside the frameworks: the frameworks' loader takes every file
in its folder for a framework, and these rules are not any one framework's (a school last inspected under one
framework falls due under the next; the terms and the planner's prices belong to no framework at all).
"""

import functools
import hashlib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Self

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from fairinspect.core import working_days
from fairinspect.inspections.models import Kind
from fairinspect.workforce.models import InspectorKind, Phase

DATA_DIR = Path(__file__).resolve().parent / "data"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=50)]
MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The school terms ----------------------------------------------------------------------------------------------


class HolidaySpec(Strict):
    name: Text
    starts_on: date
    ends_on: date


class TermSpec(Strict):
    code: Code
    name: Text
    starts_on: date
    ends_on: date
    holidays: list[HolidaySpec] = []

    @model_validator(mode="after")
    def in_order(self) -> Self:
        if self.ends_on <= self.starts_on:
            raise ValueError("ends_on must be after starts_on")
        for holiday in self.holidays:
            if not self.starts_on < holiday.starts_on <= holiday.ends_on < self.ends_on:
                raise ValueError(f"the holiday {holiday.name!r} must fall inside the term, ending after it starts")
        return self


class CalendarSpec(Strict):
    terms: list[TermSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def one_after_another(self) -> Self:
        codes = [term.code for term in self.terms]
        if len(set(codes)) != len(codes):
            raise ValueError(f"a term code is used twice: {sorted({code for code in codes if codes.count(code) > 1})}")
        for earlier, later in zip(self.terms, self.terms[1:]):
            if later.starts_on <= earlier.ends_on:
                raise ValueError(f"{later.code} must start after {earlier.code} ends (terms in date order)")
        return self


# Planning a term -------------------------------------------------------------------------------------------------


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"

    @property
    def number(self) -> int:
        return list(Weekday).index(self)


class TeamSizeSpec(Strict):
    phases: list[Phase] = Field(min_length=1)
    pupils_up_to: int | None = Field(None, ge=1)
    size: int = Field(ge=1)


class PricesSpec(Strict):
    unfair: list[float] = Field(min_length=1)
    off_phase: float = Field(ge=0)
    no_lead: float = Field(gt=0)
    missing_member: float = Field(gt=0)
    unknown_journey_km: float = Field(ge=0)

    @model_validator(mode="after")
    def rising(self) -> Self:
        if any(later < earlier for earlier, later in zip(self.unfair, self.unfair[1:])) or min(self.unfair) < 0:
            raise ValueError("unfair: the prices must not fall from one inspection beyond a fair share to the next")
        return self


class SolverSpec(Strict):
    seconds: float = Field(gt=0)
    gap: float = Field(ge=0, lt=1)


class PlanningSpec(Strict):
    call_on: list[Weekday] = Field(min_length=1)
    capacity_used: float = Field(gt=0, le=1)
    never_on: list[MonthDay] = []
    last_working_days_kept_free: int = Field(ge=0)
    most_a_week: dict[InspectorKind, int]
    team_size_by_kind: dict[Kind, int] = {}
    team_sizes: list[TeamSizeSpec] = Field(min_length=1)
    prices: PricesSpec
    solver: SolverSpec

    @model_validator(mode="after")
    def complete(self) -> Self:
        missing = set(InspectorKind) - set(self.most_a_week)
        if missing:
            raise ValueError(f"most_a_week: give every kind of inspector ({', '.join(sorted(missing))} missing)")
        return self


# Who is due ---------------------------------------------------------------------------------------------------------


class Counts(StrEnum):
    """What a published inspection counts as, by its type."""

    GRADED = "graded"
    UNGRADED = "ungraded"
    MONITORING = "monitoring"
    NOT_COUNTED = "not-counted"


class ExemptStatusSpec(Strict):
    status: Text
    because: Text


class RoutineSpec(Strict):
    kind: Kind
    within_years: int = Field(ge=1)
    after: list[Counts] = Field(min_length=1)


class NewSchoolSpec(Strict):
    kind: Kind
    within_years_of_opening: int = Field(ge=1)


class ConditionSpec(Strict):
    framework: Code | None = None
    category_of_concern: list[Text] | None = None
    any_area_grade: Code | None = None
    overall_grade: Code | None = None
    ungraded_outcome_contains: Text | None = None

    @model_validator(mode="after")
    def something(self) -> Self:
        if not self.model_dump(exclude_none=True):
            raise ValueError("give at least one condition")
        return self


class FollowUpSpec(Strict):
    says: Text
    after: list[Counts] = Field(min_length=1)
    when: ConditionSpec
    kind: Kind
    within_months: int = Field(gt=0)
    until: list[Counts] = Field(min_length=1)


class DueSpec(Strict):
    inspected_types: list[Text] = Field(min_length=1)
    exempt_statuses: list[ExemptStatusSpec] = []
    inspection_types: dict[Counts, list[Text]]
    routine: RoutineSpec
    new_school: NewSchoolSpec
    follow_ups: list[FollowUpSpec] = []

    @model_validator(mode="after")
    def each_type_once(self) -> Self:
        seen: dict[str, Counts] = {}
        for counts, written in self.inspection_types.items():
            for name in written:
                key = normalise(name)
                if key in seen and seen[key] != counts:
                    raise ValueError(f"inspection_types: {name!r} is listed as both {seen[key]} and {counts}")
                seen[key] = counts
        return self

    @functools.cached_property
    def counts_by_type(self) -> dict[str, Counts]:
        return {normalise(name): counts for counts, written in self.inspection_types.items() for name in written}


def normalise(text: str) -> str:
    """Text as the rules compare it: case and spacing ignored."""
    return " ".join(text.split()).casefold()


# Reading the files -------------------------------------------------------------------------------------------


class RulesFileError(ImproperlyConfigured):
    """A rules file cannot be read, or does not fit its shape."""


def _read[Spec: BaseModel](path: Path, spec: type[Spec]) -> Spec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise RulesFileError(f"{path}: cannot be read: {error}") from None
    try:
        return spec.model_validate(data)
    except ValidationError as error:
        problems = "\n".join(
            f"  {path.name}: {'.'.join(str(part) for part in problem['loc']) or '(file)'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise RulesFileError(f"{path} does not fit the shape of its rules:\n{problems}") from None


@functools.cache
def _cached[Spec: BaseModel](path: Path, spec: type[Spec]) -> Spec:
    return _read(path, spec)


def calendar() -> CalendarSpec:
    """The school terms: those of the file SCHOOL_TERMS_FILE names, else England's usual ones (`data/terms.yaml`)."""
    return _cached(Path(settings.FAIRINSPECT["SCHOOL_TERMS_FILE"] or DATA_DIR / "terms.yaml"), CalendarSpec)


def planning() -> PlanningSpec:
    return _cached(DATA_DIR / "planning.yaml", PlanningSpec)


def due() -> DueSpec:
    return _cached(DATA_DIR / "due.yaml", DueSpec)


def run_parameters(term_code: str) -> dict:
    """What a run plans with, kept with it: its term, the day it was asked for, the planning rules, and which
    version of the due rules."""
    return {
        "term": term_code,
        "as_of": working_days.today().isoformat(),
        "planning": planning().model_dump(mode="json"),
        "due_rules_sha256": hashlib.sha256((DATA_DIR / "due.yaml").read_bytes()).hexdigest(),
    }
