"""Pages of a report: the public report card (every version, and its PDF), and the embargoed pages of the report
being written, checked and approved. Each embargoed page finds the inspection among those whose report the user
may read before publication (404 otherwise, so nothing shows that a report exists) and answers `private,
no-store`, so no shared cache keeps it; each action asks the lifecycle's rules (403 otherwise) and calls one
service, whose refusal comes back as an error on the form."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from fairinspect.grading.selectors import applicable_areas, regrades
from fairinspect.inspections.lifecycle import Action, allowed_actions, permission_refusal
from fairinspect.inspections.models import Inspection
from fairinspect.inspections.selectors import active_halt
from fairinspect.reports import forms, services
from fairinspect.reports.models import ReviewDecision
from fairinspect.reports.selectors import (
    card_history,
    card_content,
    card_version_or_404,
    comments_on,
    embargoed_inspection_or_404,
    is_letter,
    publication_target,
    report_of,
    reports_under_way,
    sections_of,
    sees_reports_under_way,
    versions_of,
)
from fairinspect.web.forms import ConfirmForm, change_page


def _embargoed[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Mark the answer as no shared cache's to keep, nor the browser's to store: it is under embargo."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        response = view(*args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


# The public report card.


def _card_page(request, version, current):
    report = version.report
    inspection = report.inspection
    content = version.content
    return render(
        request,
        "reports/card.html",
        {
            "page_title": f"{'Letter to parents' if content['is_letter'] else 'Report card'}: {content['school']['name']}",
            "card": content,
            "version": version,
            "current": current,
            "versions": versions_of(report),
            "history": card_history(version),
            "school": inspection.school,
        },
    )


def card(request, inspection_number: str):
    version = card_version_or_404(inspection_number)
    return _card_page(request, version, version)


def card_version(request, inspection_number: str, number: int):
    version = card_version_or_404(inspection_number, number)
    current = version if version.replaced_at is None else card_version_or_404(inspection_number)
    return _card_page(request, version, current)


def card_pdf(request, inspection_number: str, number: int):
    version = card_version_or_404(inspection_number, number)
    if not version.pdf:
        raise Http404("The PDF of this report card is still being made: try again in a minute")
    response = FileResponse(version.pdf.open("rb"), content_type="application/pdf", filename=f"{inspection_number}-v{number}.pdf")
    # A version's file never changes once made: any cache may keep it, revalidating by its name.
    response["ETag"] = f'"{version.pdf.name}"'
    patch_cache_control(response, public=True, no_cache=True)
    return response


# The report under embargo.


@login_required
@_embargoed
def report(request, inspection_id: int):
    inspection = embargoed_inspection_or_404(request.user, inspection_id)
    the_report = report_of(inspection)
    content = card_content(inspection, the_report) if the_report is not None else None
    reviews = list(the_report.review_requests.all()) if the_report else []
    return render(
        request,
        "reports/report.html",
        {
            "page_title": f"Report: {inspection.school.name}",
            "inspection": inspection,
            "report": the_report,
            "card": content,
            "sections": sections_of(content) if content else {},
            "comments": comments_on(the_report) if the_report else [],
            "reviews": reviews,
            # A review upheld changes a grade through the grading rules, on the grading app's page for each area.
            "regrade_areas": applicable_areas(inspection)
            if any(review.decision == ReviewDecision.UPHELD for review in reviews) and regrades(request.user, inspection)
            else [],
            "versions": versions_of(the_report) if the_report else [],
            "actions": allowed_actions(request.user, inspection, active_halt()),
            "target": publication_target(inspection),
        },
    )


@dataclass(frozen=True)
class ActionPage:
    """A page with one form that takes one report action on one inspection."""

    action: Action
    form: Callable[[Inspection, dict], object]  # (inspection, form kwargs) → the form
    change: Callable  # (user, inspection, cleaned data, page kwargs) → calls the service
    title: str
    button: str
    done: str
    intro: str = ""
    warning: bool = False


def _confirm(inspection, kwargs):
    return ConfirmForm(**kwargs)


def _narrative(inspection, kwargs):
    the_report = report_of(inspection)
    if is_letter(inspection):
        return forms.LetterForm(initial={"letter": the_report.letter if the_report else ""}, **kwargs)
    initial = {"pupil_experience": the_report.pupil_experience, "next_steps": the_report.next_steps} if the_report else {}
    return forms.NarrativeForm(initial=initial, **kwargs)


def _comment(inspection, kwargs):
    the_report = report_of(inspection)
    sections = sections_of(card_content(inspection, the_report)) if the_report else {}
    return forms.CommentForm(sections=sections, **kwargs)


def _amend(inspection, kwargs):
    the_report = report_of(inspection)
    assert the_report is not None  # published
    if is_letter(inspection):
        return forms.AmendLetterForm(initial={"letter": the_report.letter}, **kwargs)
    initial = {"pupil_experience": the_report.pupil_experience, "next_steps": the_report.next_steps}
    return forms.AmendCardForm(initial=initial, **kwargs)


def _plain(form_class):
    return lambda inspection, kwargs: form_class(**kwargs)


ACTION_PAGES: dict[str, ActionPage] = {
    "start-draft": ActionPage(
        Action.START_DRAFT, _confirm,
        lambda user, inspection, data, kw: services.start_draft(actor=user, inspection=inspection),
        title="Start the report", button="Start the report",
        intro="The draft is made from the grades as confirmed and each area's rationale. You then write what it is "
              "like to be a pupil here and what the school should do next.",
        done="The draft report is started.",
    ),
    "revise": ActionPage(
        Action.REVISE_DRAFT, _narrative,
        lambda user, inspection, data, kw: services.revise_draft(actor=user, inspection=inspection, **data),
        title="Write the report's narrative", button="Save the draft", done="The draft is saved.",
    ),
    "send-for-factual-accuracy": ActionPage(
        Action.SEND_FOR_FACTUAL_ACCURACY, _confirm,
        lambda user, inspection, data, kw: services.send_for_factual_accuracy(actor=user, inspection=inspection),
        title="Send the draft to the school", button="Send the draft",
        intro="The school can then comment on each section for the factual-accuracy check, and ask for a review of "
              "the grades, within the working days allowed.",
        done="The draft is with the school for its factual-accuracy check.",
    ),
    "comment": ActionPage(
        Action.COMMENT_ON_FACTS, _comment,
        lambda user, inspection, data, kw: services.comment_on_facts(actor=user, inspection=inspection, **data),
        title="Comment on the draft report", button="Send the comment",
        intro="Comment on anything in the draft that is factually wrong. The lead inspector answers every comment.",
        done="Your comment is sent. The lead inspector will answer it.",
    ),
    "finish-commenting": ActionPage(
        Action.FINISH_COMMENTING, _confirm,
        lambda user, inspection, data, kw: services.finish_commenting(actor=user, inspection=inspection),
        title="Finish commenting", button="We have no more comments",
        intro="Tell the lead inspector you have no more comments, so the report can go on before the deadline. "
              "You cannot comment or ask for a review after this.",
        done="The lead inspector knows you have finished commenting.",
    ),
    "answer": ActionPage(
        Action.ANSWER_COMMENT, _plain(forms.AnswerForm),
        lambda user, inspection, data, kw: services.answer_comment(
            actor=user, inspection=inspection, comment_id=kw["comment_id"], **data
        ),
        title="Answer the school's comment", button="Send the answer",
        intro="If you accept the comment, revise the draft too. The school reads your answer and your reason.",
        done="Your answer is sent to the school.",
    ),
    "request-review": ActionPage(
        Action.REQUEST_REVIEW, _plain(forms.ReviewRequestForm),
        lambda user, inspection, data, kw: services.request_review(actor=user, inspection=inspection, **data),
        title="Ask for a review of the grades", button="Ask for a review",
        intro="A senior inspector who was not on the team reviews the grades and decides, with reasons.",
        done="Your request is sent. A senior inspector will decide it.",
    ),
    "decide-review": ActionPage(
        Action.DECIDE_REVIEW, _plain(forms.ReviewDecisionForm),
        lambda user, inspection, data, kw: services.decide_review(actor=user, inspection=inspection, **data),
        title="Decide the school's request for a review", button="Record the decision",
        done="The decision is recorded and the school is told.",
    ),
    "send-to-quality-assurance": ActionPage(
        Action.SEND_TO_QUALITY_ASSURANCE, _confirm,
        lambda user, inspection, data, kw: services.send_to_quality_assurance(actor=user, inspection=inspection),
        title="Send the report for quality assurance", button="Send for quality assurance",
        done="The report is with quality assurance.",
    ),
    "return-to-lead": ActionPage(
        Action.RETURN_TO_LEAD, _plain(forms.ReturnForm),
        lambda user, inspection, data, kw: services.return_to_lead(actor=user, inspection=inspection, **data),
        title="Return the report to the lead inspector", button="Return the report",
        done="The report is returned to the lead inspector.",
    ),
    "publish": ActionPage(
        Action.PUBLISH, _confirm,
        lambda user, inspection, data, kw: services.publish_report(actor=user, inspection=inspection),
        title="Approve and publish the report", button="Publish the report",
        intro="Everyone can then read it, on its report card page and as a PDF; the school's record shows it.",
        done="The report is published.", warning=True,
    ),
    "amend": ActionPage(
        Action.AMEND, _amend,
        lambda user, inspection, data, kw: services.amend_report(actor=user, inspection=inspection, **data),
        title="Amend the published report", button="Publish the new version",
        intro="The new version replaces the current one on the report card; the current one stays readable, "
              "marked as replaced.",
        done="The new version is published.", warning=True,
    ),
}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@_embargoed
def report_action(request, inspection_id: int, page: str, **page_kwargs):
    inspection = embargoed_inspection_or_404(request.user, inspection_id)
    action_page = ACTION_PAGES[page]
    problem = permission_refusal(request.user, action_page.action, inspection)
    if problem:
        raise PermissionDenied(problem)
    if "comment_id" in page_kwargs:
        the_report = report_of(inspection)
        if the_report is None or not the_report.comments.filter(pk=page_kwargs["comment_id"]).exists():
            raise Http404("No such comment on this report")

    def form_class(data=None):
        return action_page.form(inspection, {"data": data} if data is not None else {})

    return change_page(
        request, form_class, lambda data: action_page.change(request.user, inspection, data, page_kwargs),
        done=action_page.done, back=reverse("reports:report", args=[inspection.pk]), template="reports/action.html",
        page_title=action_page.title, inspection=inspection, intro=action_page.intro, button=action_page.button,
        warning=action_page.warning,
    )  # fmt: skip


@login_required
@_embargoed
def under_way(request):
    """Reports being written, checked and approved, with the day each is due to be published and what is overdue."""
    if not sees_reports_under_way(request.user):
        raise PermissionDenied("Only quality assurers and the staff who see every inspection can see reports under way.")
    due = reports_under_way()
    return render(
        request,
        "reports/under_way.html",
        {
            "page_title": "Reports under way",
            "due": due,
            "overdue": sum(item.overdue for item in due),
            "config_target": settings.FAIRINSPECT["PUBLICATION_TARGET_WORKING_DAYS"],
        },
    )
