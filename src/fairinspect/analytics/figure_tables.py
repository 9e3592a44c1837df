"""The figures of the analytics pages that the published inspections alone cannot make again (the rates of
deferrals, pauses, concerns and complaints; time to publish, with the waits on a complaint; the impact survey;
proposed grades against confirmed ones), as tables of the open data: each made by the same selector as its page,
so the page's numbers are the file's. Counts only: no school, inspection, person or date finer than a month."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fairinspect.analytics import selectors
from fairinspect.survey.selectors import MIN_GROUP, results


@dataclass(frozen=True)
class FigureTable:
    name: str  # the file is name.csv
    title: str
    fields: tuple[tuple[str, str, str], ...]  # header, Frictionless type, what it means
    rows: Callable[[], Iterator[dict[str, Any]]]

    @property
    def headers(self) -> list[str]:
        return [header for header, _, _ in self.fields]

    @property
    def schema(self) -> dict[str, Any]:
        return {
            "fields": [{"name": header, "type": kind, "description": about} for header, kind, about in self.fields],
            "missingValues": [""],
        }


def _rates() -> Iterator[dict[str, Any]]:
    for row in selectors.rates_by_month():
        yield {
            "Month": row.month, "Inspections": row.inspections, "Deferred": row.deferrals, "Paused": row.pauses,
            "Concerns": row.concerns, "Complaints": row.complaints, "Complaints upheld": row.upheld_complaints,
        }  # fmt: skip


def _time_to_publish() -> Iterator[dict[str, Any]]:
    figures = selectors.timeliness()
    for grouping, rows in (("Month", figures.by_month), ("Region", figures.by_region)):
        for row in rows:
            yield {
                "Grouped by": grouping, "Group": row.label, "Published": row.published,
                "Mean working days": round(row.mean_working_days, 2), "Within target": row.on_time,
                "Target working days": figures.target, "Waited on a complaint": row.waited_on_complaint,
            }  # fmt: skip


def _survey() -> Iterator[dict[str, Any]]:
    for group in results().groups:
        for question in group.questions:
            for answer, responses in question.answers:
                yield {"Quarter published": group.label, "Question": question.question, "Answer": answer, "Responses": responses}


def _proposed_grades() -> Iterator[dict[str, Any]]:
    for framework in selectors.frameworks_with_grades():
        for difference, proposals in selectors.proposal_agreement(framework).by_difference:
            yield {"Framework": framework.code, "Proposed against confirmed": difference, "Proposed grades": proposals}


RATES = FigureTable(
    "monthly-rates", "Deferrals, pauses, concerns and complaints by month",
    (
        ("Month", "string", "The month (as the page writes it, e.g. Mar 2026)."),
        ("Inspections", "integer", "Inspections through fairinspect whose first day on site fell in the month (no pilots)."),
        ("Deferred", "integer", "Of those, how many were deferred at the school's request."),
        ("Paused", "integer", "Of those, how many were paused."),
        ("Concerns", "integer", "Concerns raised during inspections in the month."),
        ("Complaints", "integer", "Formal complaints made in the month."),
        ("Complaints upheld", "integer", "Of those, how many were upheld in whole or in part."),
    ),
    _rates,
)  # fmt: skip
TIME_TO_PUBLISH = FigureTable(
    "time-to-publish", "Working days from the last day on site to publication",
    (
        ("Grouped by", "string", "Month (of publication) or Region (over the same months)."),
        ("Group", "string", "The month or the region."),
        ("Published", "integer", "Reports published."),
        ("Mean working days", "number", "Their mean working days from the last day on site to publication."),
        ("Within target", "integer", "How many were published within the target."),
        ("Target working days", "integer", "The publication target, in working days."),
        ("Waited on a complaint", "integer", f"How many waited on a complaint; blank for a group of fewer than "
         f"{selectors.FEWEST_TO_COUNT_COMPLAINT_WAITS} reports, and for the smallest others until the blank groups "
         "together are as many, as a complaint is confidential to the school."),
    ),
    _time_to_publish,
)  # fmt: skip
SURVEY = FigureTable(
    "impact-survey", "What schools say about their inspection",
    (
        ("Quarter published", "string", f"The quarter the reports were published: closed quarters with at least "
         f"{MIN_GROUP} responses only."),
        ("Question", "string", "The question asked."),
        ("Answer", "string", "One of its answers."),
        ("Responses", "integer", "How many schools gave that answer."),
    ),
    _survey,
)  # fmt: skip
PROPOSED_GRADES = FigureTable(
    "proposed-grades", "Team members' proposed grades against the confirmed grade",
    (
        ("Framework", "string", "The framework's code."),
        ("Proposed against confirmed", "string", "How the proposed grade stood against the grade confirmed."),
        ("Proposed grades", "integer", "How many proposals, over inspections published through fairinspect."),
    ),
    _proposed_grades,
)  # fmt: skip
FIGURE_TABLES = {table.name: table for table in (RATES, TIME_TO_PUBLISH, SURVEY, PROPOSED_GRADES)}
