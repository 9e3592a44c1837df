"""The figures of the analytics pages, each read from the analytics tables (analytics.models) in a few grouped
queries, and each reproducible from the open data (the README shows how)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth

from fairinspect.analytics import consistency
from fairinspect.analytics.context import FSM_BANDS, SIZE_BANDS, band_order
from fairinspect.analytics.models import ContextPrediction, FiguresBuilt, GradeFact, PublishedFact, Source
from fairinspect.core import versions
from fairinspect.frameworks.models import Framework
from fairinspect.complaints.selectors import monthly_counts
from fairinspect.grading.models import AreaGrade, GradeProposal
from fairinspect.inspections.models import Decision, DeferralRequest, Inspection, Kind, Pause, State
from fairinspect.outcomes.models import PUBLISHED_RECORD_VERSION
from fairinspect.survey.selectors import MIN_GROUP

# What grade distributions may be grouped by: the analytics tables' column, and its name in words.
DIMENSIONS = {
    "phase": "Phase",
    "region": "Region",
    "school_type": "Type of school",
    "fsm_band": "Pupils eligible for free school meals",
    "size_band": "Number of pupils",
}
_FIXED_ORDER = {"fsm_band": band_order(FSM_BANDS), "size_band": band_order(SIZE_BANDS)}


@dataclass(frozen=True)
class Freshness:
    built_at: object | None
    inspections: int
    out_of_date: bool


def freshness() -> Freshness:
    """When the figures were made, and whether the published record has changed since."""
    built = FiguresBuilt.objects.first()
    (version,) = versions.current([PUBLISHED_RECORD_VERSION])
    if built is None:
        return Freshness(None, 0, True)
    return Freshness(built.built_at, built.inspections, built.record_version != version)


def frameworks_with_grades() -> list[Framework]:
    """The graded frameworks, newest first (the figures compare grades only within one framework's scale)."""
    return list(Framework.objects.filter(is_graded=True).order_by("-valid_from"))


@dataclass(frozen=True)
class AreaDistribution:
    area_code: str
    area: str
    rows: list[tuple[str, list[int]]]  # group, count per grade (the scale's order)


@dataclass(frozen=True)
class GradeDistribution:
    framework: Framework
    dimension: str
    source: str
    grades: list[str]  # labels, lowest first
    grade_codes: list[str]
    areas: list[AreaDistribution]


def grade_distribution(framework: Framework, dimension: str, source: str = "") -> GradeDistribution:
    """Per area of `framework`, how many published grades of each point of its scale, by `dimension`; `source`
    "historic" or "own" keeps to one part of the record."""
    scale = list(framework.scale.order_by("rank"))
    areas = list(framework.areas.order_by("order"))
    facts = GradeFact.objects.filter(framework_code=framework.code)
    if source:
        facts = facts.filter(source=source)
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for area, group, grade, number in facts.values_list("area_code", dimension, "grade_code").annotate(n=Count("id")).order_by():
        counts[area][group][grade] = number
    distributions = []
    for area in areas:
        groups = counts.get(area.code, {})
        order = _FIXED_ORDER.get(dimension)
        labels = [g for g in order if g in groups] if order else sorted(groups)
        rows = [(group, [groups[group].get(point.code, 0) for point in scale]) for group in labels]
        if rows:
            distributions.append(AreaDistribution(area.code, area.title, rows))
    return GradeDistribution(
        framework, dimension, source, [point.label for point in scale], [point.code for point in scale], distributions
    )


# A complaint is confidential to the school that made it and complaints staff, and a group with few publications
# could be matched to them (the open data dates every one): how many waited on a complaint is given only where no
# group of fewer publications than the impact survey's smallest group can be told (`_countable_waits`).
FEWEST_TO_COUNT_COMPLAINT_WAITS = MIN_GROUP


def _countable_waits(sizes: list[int]) -> list[bool]:
    """Which groups (of these sizes, partitioning the same reports) may say how many waited on a complaint: each of
    at least FEWEST_TO_COUNT_COMPLAINT_WAITS reports, and, as the other grouping of the same reports may give their
    total, the groups left unsaid together as many too (the smallest said ones join them until they are), so that
    no subtraction reaches fewer reports than that."""
    says = [size >= FEWEST_TO_COUNT_COMPLAINT_WAITS for size in sizes]
    unsaid = sum(size for size, said in zip(sizes, says, strict=True) if not said)
    for index in sorted(range(len(sizes)), key=lambda i: sizes[i]):
        if not 0 < unsaid < FEWEST_TO_COUNT_COMPLAINT_WAITS:
            break
        if says[index]:
            says[index], unsaid = False, unsaid + sizes[index]
    return says


@dataclass(frozen=True)
class TimelinessRow:
    label: str
    published: int
    mean_working_days: float
    on_time: int
    waited_on_complaint: int | None  # None for a group too small to say (FEWEST_TO_COUNT_COMPLAINT_WAITS)

    @property
    def on_time_share(self) -> float:
        return 100 * self.on_time / self.published if self.published else 0.0


@dataclass(frozen=True)
class Timeliness:
    target: int
    by_month: list[TimelinessRow]
    by_region: list[TimelinessRow]
    since: date | None


def timeliness(months: int = 24) -> Timeliness:
    """Working days from the last day on site to publication, against the target, over the last `months` months
    with publications: by month, and by region over the same months."""
    target = settings.FAIRINSPECT["PUBLICATION_TARGET_WORKING_DAYS"]
    facts = PublishedFact.objects.exclude(working_days_to_publish=None)
    latest = facts.order_by("-publication_month").values_list("publication_month", flat=True).first()
    if latest is None:
        return Timeliness(target, [], [], None)
    first = latest.year * 12 + latest.month - 1 - (months - 1)
    since = date(first // 12, first % 12 + 1, 1)
    recent = facts.filter(publication_month__gte=since)
    measures = {
        "published": Count("id"),
        "mean": Avg("working_days_to_publish"),
        "on_time": Count("id", filter=Q(working_days_to_publish__lte=target)),
        "waited": Count("id", filter=Q(waited_on_complaint=True)),
    }

    def rows(group: str, label) -> list[TimelinessRow]:
        counted = list(recent.values(group).annotate(**measures).order_by(group))
        said = _countable_waits([row["published"] for row in counted])
        return [
            TimelinessRow(
                label(row[group]), row["published"], float(row["mean"]), row["on_time"], row["waited"] if says else None
            )
            for row, says in zip(counted, said, strict=True)
        ]

    return Timeliness(target, rows("publication_month", lambda month: f"{month:%b %Y}"), rows("region", str), since)


@dataclass(frozen=True)
class RateRow:
    month: str
    inspections: int
    deferrals: int
    pauses: int
    concerns: int
    complaints: int
    upheld_complaints: int

    def share(self, number: int) -> float:
        return 100 * number / self.inspections if self.inspections else 0.0


def _by_month(queryset, day_field: str) -> dict[date, int]:
    counted = queryset.annotate(month=TruncMonth(day_field)).values("month").annotate(n=Count("id")).order_by()
    return {_first_of_month(row["month"]): row["n"] for row in counted}


def _first_of_month(month) -> date:
    return month.date() if hasattr(month, "date") else month


def rates_by_month() -> list[RateRow]:
    """Per month, fairinspect's own inspections (pilots left out) by their first day on site, how many of those
    were deferred at the school's request and how many paused; and the concerns and complaints raised that month,
    and how many of those complaints were upheld in whole or in part (complaints.selectors.monthly_counts)."""
    inspections = Inspection.objects.exclude(kind=Kind.PILOT)
    started = _by_month(inspections, "starts_on")
    deferrals = _by_month(
        DeferralRequest.objects.filter(decision=Decision.GRANTED, inspection__in=inspections), "inspection__starts_on"
    )
    pauses = _by_month(Pause.objects.filter(inspection__in=inspections), "inspection__starts_on")
    complaints = {row.month: row for row in monthly_counts()}
    rows = []
    for month in sorted(set(started) | set(complaints)):
        raised = complaints.get(month)
        rows.append(
            RateRow(
                f"{month:%b %Y}", started.get(month, 0), deferrals.get(month, 0), pauses.get(month, 0),
                raised.concerns if raised else 0, raised.complaints if raised else 0,
                raised.upheld_complaints if raised else 0,
            )  # fmt: skip
        )
    return rows


@dataclass(frozen=True)
class Agreement:
    """How team members' proposed grades compared with the grade confirmed, over published inspections."""

    framework: Framework
    proposals: int
    by_difference: list[tuple[str, int]]  # in words ("the same", "one grade higher", ...), how many

    @property
    def agreeing(self) -> int:
        return dict(self.by_difference).get("The same grade", 0)


def _difference_in_words(steps: int) -> str:
    if steps == 0:
        return "The same grade"
    size = "One grade" if abs(steps) == 1 else f"{abs(steps)} grades"
    return f"{size} {'higher' if steps > 0 else 'lower'} than confirmed"


def proposal_agreement(framework: Framework) -> Agreement:
    """Every grade a team member proposed for an area of an inspection published through fairinspect under
    `framework`, against the grade confirmed for that area: counts only."""
    confirmed = AreaGrade.objects.filter(inspection=OuterRef("inspection"), area=OuterRef("area")).values("grade__rank")[:1]
    proposals = (
        GradeProposal.objects.filter(inspection__framework=framework, inspection__state=State.PUBLISHED)
        .exclude(inspection__kind=Kind.PILOT)
        .annotate(confirmed_rank=Subquery(confirmed))
        .exclude(confirmed_rank=None)
        .annotate(steps=F("grade__rank") - F("confirmed_rank"))
        .values("steps").annotate(n=Count("id")).order_by("steps")
    )  # fmt: skip
    rows = [(_difference_in_words(row["steps"]), row["n"]) for row in proposals]
    return Agreement(framework, sum(n for _, n in rows), rows)


# Each own inspection's residual in one query: the grades of the inspections led through fairinspect joined to
# what their context predicts (ContextPrediction, made with the figures), averaged per inspection. Written out, as
# the ORM joins only along foreign keys.
_RESIDUALS = """
SELECT own.lead_code, AVG(own.rank - predicted.mean_rank)
FROM {grades} own
JOIN {predictions} predicted ON predicted.framework_code = own.framework_code
    AND predicted.area_code = own.area_code AND predicted.phase = own.phase AND predicted.fsm_band = own.fsm_band
WHERE own.framework_code = %s AND own.source = %s AND own.lead_code <> ''
GROUP BY own.fact_id, own.lead_code
ORDER BY own.lead_code, own.fact_id
"""


def lead_residuals(framework_code: str) -> list[tuple[str, float]]:
    """(lead code, residual) of each inspection led through fairinspect under the framework: the mean over its
    area grades of the rank less what the school's context predicts (see analytics.consistency)."""
    with connection.cursor() as cursor:
        tables = {"grades": GradeFact._meta.db_table, "predictions": ContextPrediction._meta.db_table}
        cursor.execute(_RESIDUALS.format(**tables), [framework_code, Source.OWN])
        return [(lead, round(float(residual), 6)) for lead, residual in cursor.fetchall()]


def lead_consistency(framework: Framework) -> consistency.Consistency:
    """Each lead's difference from what their schools' context predicts, under `framework` (see
    analytics.consistency for the method)."""
    return consistency.estimate(lead_residuals(framework.code))
