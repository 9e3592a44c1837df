"""The conditions of the report's lifecycle actions that only reports know, registered with
`inspections.lifecycle.further_conditions`: each says why the action cannot be taken now, or None."""

from fairinspect.core.formatting import count, govuk_date
from fairinspect.inspections.models import Inspection
from fairinspect.reports.hooks import publication_holds
from fairinspect.reports.models import Report
from fairinspect.reports.selectors import pending_review, report_of, unanswered_comments, window_open

_NO_REPORT = "This inspection's report has not been started"


def not_yet_checked_by_the_school(inspection: Inspection) -> str | None:
    report = report_of(inspection)
    if report is None:
        return _NO_REPORT
    if report.sent_to_school_at is not None:
        return "The school has already checked this draft for factual accuracy: send it for quality assurance"
    return None


def _window_problem(report: Report | None) -> str | None:
    if report is None:
        return _NO_REPORT
    if report.school_finished_at is not None:
        return "The school has said it has finished commenting on this draft"
    if not window_open(report):
        assert report.comments_due_on is not None  # sent: the state is factual_accuracy_check
        return f"The time for comments ended on {govuk_date(report.comments_due_on)}"
    return None


def school_may_comment(inspection: Inspection) -> str | None:
    return _window_problem(report_of(inspection))


def school_may_ask_for_review(inspection: Inspection) -> str | None:
    report = report_of(inspection)
    problem = _window_problem(report)
    if problem is None and report is not None and pending_review(report) is not None:
        return "You have already asked for a review of the grades; a senior inspector will decide it"
    return problem


def a_review_waits(inspection: Inspection) -> str | None:
    report = report_of(inspection)
    return None if report is not None and pending_review(report) else "No request for a review waits for a decision"


def a_comment_waits(inspection: Inspection) -> str | None:
    report = report_of(inspection)
    return None if report is not None and unanswered_comments(report).exists() else "No comment waits for an answer"


def ready_for_quality_assurance(inspection: Inspection) -> str | None:
    """The school's check is over (its window closed, or it said it had finished), every comment answered, any
    review decided."""
    report = report_of(inspection)
    if report is None:
        return _NO_REPORT
    if report.sent_to_school_at is None:
        return "Send the draft to the school for its factual-accuracy check first"
    if window_open(report):
        assert report.comments_due_on is not None
        return f"The school may comment until {govuk_date(report.comments_due_on)}, unless it says it has finished"
    waiting = unanswered_comments(report).count()
    if waiting:
        return f"Answer the school's comments first: {count(waiting, 'comment waits', 'comments wait')} for an answer"
    if pending_review(report) is not None:
        return "The school's request for a review of the grades must be decided first"
    return None


def no_publication_hold(inspection: Inspection) -> str | None:
    for hold in publication_holds:
        reason = hold(inspection)
        if reason:
            return f"Publication is on hold: {reason}"
    return None
