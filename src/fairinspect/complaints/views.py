"""Pages for schools (raise a concern, complain, follow both, ask for adjudication), senior inspectors on duty
(answer concerns), complaints officers (the queue by deadline, decisions, actions, adjudication) and learning
reviews. Each finds its object among those the user may see (404 otherwise), refuses a user who may see it but
not act (403), and calls one service."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fairinspect.accounts.decorators import allowed_if
from fairinspect.accounts.permissions import (
    ACT_FOR_A_SCHOOL,
    CONDUCT_LEARNING_REVIEWS,
    DECIDE_PAUSES,
    HANDLE_COMPLAINTS,
    MANAGE_LEARNING_REVIEWS,
    holds,
)
from fairinspect.complaints import actions, forms, selectors, services
from fairinspect.complaints.models import Complaint, LearningReview, SeriousIncident
from fairinspect.core import working_days
from fairinspect.core.errors import InvalidRequest
from fairinspect.grading.selectors import applicable_areas, regrades
from fairinspect.grading.views import regrade_page
from fairinspect.inspections.lifecycle import Action, allowed_actions
from fairinspect.inspections.models import Inspection
from fairinspect.inspections.selectors import active_halt, inspections_visible_to, is_user_of_school
from fairinspect.web.forms import ConfirmForm, change_page, submit


@dataclass(frozen=True)
class FormPage:
    """A page with one form making one change to one object: who may (beyond seeing the object), the change, and
    the words."""

    form_class: type
    may: Callable  # (user, object) -> bool
    change: Callable  # (user, object, cleaned data) -> the service's result
    title: str
    button: str
    done: str
    intro: str = ""
    warning: bool = False


def _form_page(request, obj, page: FormPage, *, back: str, caption: str):
    if not page.may(request.user, obj):
        raise PermissionDenied("Your account may not do this.")
    return change_page(
        request, page.form_class, lambda data: page.change(request.user, obj, data), done=page.done, back=back,
        template="complaints/form.html", page_title=page.title, caption=caption, intro=page.intro, button=page.button,
        warning=page.warning,
    )  # fmt: skip


def _staff(user, obj) -> bool:
    return holds(user, HANDLE_COMPLAINTS)


def _school(user, complaint: Complaint) -> bool:
    return is_user_of_school(user, complaint.inspection)


# The school's pages.


@allowed_if(ACT_FOR_A_SCHOOL)
def mine(request):
    """The school's concerns and complaints, and its inspections it may raise one about today."""
    today = working_days.today()
    inspections = [
        (inspection, selectors.concern_refusal(inspection, today) is None, selectors.complaint_refusal(inspection, today) is None)
        for inspection in inspections_visible_to(request.user).order_by("-starts_on")[:20]
    ]
    return render(
        request,
        "complaints/mine.html",
        {
            "page_title": "Your concerns and complaints",
            "concerns": selectors.concerns_visible_to(request.user),
            "complaints": selectors.complaints_visible_to(request.user),
            "inspections": [row for row in inspections if row[1] or row[2]],
        },
    )


def _schools_inspection(request, pk: int) -> Inspection:
    inspection = get_object_or_404(inspections_visible_to(request.user), pk=pk)
    if not is_user_of_school(request.user, inspection):
        raise PermissionDenied("Only a user of the school can raise a concern or complain about its inspection.")
    return inspection


_RAISE_CONCERN = FormPage(
    forms.ConcernForm, lambda user, inspection: True,
    lambda user, inspection, data: services.raise_concern(actor=user, inspection=inspection, **data),
    title="Raise a concern about the inspection", button="Send your concern",
    intro="Raise a concern if you could not resolve it with the lead inspector. A senior inspector on duty who is "
          "not on the team will answer by the end of the next working day, and may pause the inspection.",
    done="Your concern has been sent to a senior inspector on duty.",
)  # fmt: skip
_MAKE_COMPLAINT = FormPage(
    forms.ComplaintForm, lambda user, inspection: True,
    lambda user, inspection, data: services.make_complaint(actor=user, inspection=inspection, **data),
    title="Make a formal complaint", button="Send your complaint",
    intro="Complain within 10 working days of the report's publication. A complaint made within 2 working days of "
          "the last day on site, before the report is published, holds its publication until we decide it.",
    done="Your complaint has been sent. We will tell you the outcome.",
)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def raise_concern(request, pk: int):
    inspection = _schools_inspection(request, pk)
    return _form_page(request, inspection, _RAISE_CONCERN, back=reverse("complaints:mine"), caption=inspection.school.name)


@login_required
@require_http_methods(["GET", "POST"])
def make_complaint(request, pk: int):
    inspection = _schools_inspection(request, pk)
    return _form_page(request, inspection, _MAKE_COMPLAINT, back=reverse("complaints:mine"), caption=inspection.school.name)


# Concerns.


@login_required
def concerns(request):
    if not (holds(request.user, DECIDE_PAUSES) or holds(request.user, HANDLE_COMPLAINTS)):
        raise PermissionDenied(f"Only {DECIDE_PAUSES.holders()} or {HANDLE_COMPLAINTS.holders()} can see concerns.")
    today = working_days.today()
    shown = selectors.concerns_visible_to(request.user)
    return render(
        request,
        "complaints/concerns.html",
        {
            "page_title": "Concerns raised during inspections",
            "concerns": [(concern, selectors.is_concern_overdue(concern, today)) for concern in shown],
        },
    )


@login_required
def concern(request, pk: int):
    item = get_object_or_404(selectors.concerns_visible_to(request.user), pk=pk)
    inspection = item.inspection
    is_handler = item.handler_id == request.user.pk
    return render(
        request,
        "complaints/concern.html",
        {
            "page_title": f"Concern about the inspection of {inspection.school.name}",
            "concern": item,
            "overdue": selectors.is_concern_overdue(item),
            "is_handler": is_handler,
            "may_pause": is_handler and Action.PAUSE in allowed_actions(request.user, inspection, active_halt()),
        },
    )


_ANSWER_CONCERN = FormPage(
    forms.AnswerConcernForm, lambda user, concern: concern.handler_id == user.pk,
    lambda user, concern, data: services.answer_concern(actor=user, concern=concern, **data),
    title="Answer the concern", button="Send your answer", done="Your answer has been sent to the school.",
)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def answer_concern(request, pk: int):
    item = get_object_or_404(selectors.concerns_visible_to(request.user), pk=pk)
    back = reverse("complaints:concern", args=[item.pk])
    return _form_page(request, item, _ANSWER_CONCERN, back=back, caption=item.inspection.school.name)


# Complaints.


@allowed_if(HANDLE_COMPLAINTS)
def queue(request):
    """Complaints to decide, soonest deadline first, with what is overdue; then adjudications under way."""
    today = working_days.today()
    return render(
        request,
        "complaints/queue.html",
        {
            "page_title": "Complaints by deadline",
            "complaints": [(item, selectors.is_complaint_overdue(item, today)) for item in selectors.complaint_queue()],
            "adjudications": selectors.adjudications_open(),
        },
    )


def _visible_complaint(request, pk: int) -> Complaint:
    return get_object_or_404(selectors.complaints_visible_to(request.user), pk=pk)


@login_required
def complaint(request, pk: int):
    item = _visible_complaint(request, pk)
    today = working_days.today()
    staff = holds(request.user, HANDLE_COMPLAINTS)
    return render(
        request,
        "complaints/complaint.html",
        {
            "page_title": f"Complaint about the inspection of {item.inspection.school.name}",
            "complaint": item,
            "staff": staff,
            "overdue": selectors.is_complaint_overdue(item, today),
            "may_escalate": not staff and selectors.escalation_refusal(item, today) is None,
            "actions": list(item.actions.all()),
            "recommendations": list(item.recommendations.all()),
            # An upheld complaint's grades are changed here, recorded as its action, by those who may change them.
            "regrade_areas": applicable_areas(item.inspection) if staff and regrades(request.user, item.inspection) else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def regrade(request, pk: int, area_code: str):
    item = _visible_complaint(request, pk)
    inspection = item.inspection
    if not (_staff(request.user, item) and regrades(request.user, inspection)):
        raise PermissionDenied("Grades are changed after a complaint by a complaints officer who was not on the team.")
    area = next((area for area in applicable_areas(inspection) if area.code == area_code), None)
    if area is None:
        raise Http404("This inspection grades no such area")
    return regrade_page(
        request, inspection, area, back=reverse("complaints:complaint", args=[item.pk]),
        change=lambda form: actions.regrade_after_complaint(
            actor=request.user, complaint=item, area_code=area.code, judgements=form.judgements(),
            reason=form.cleaned_data["reason"], rationale=form.cleaned_data["rationale"] or None,
        ),
    )  # fmt: skip


COMPLAINT_PAGES: dict[str, FormPage] = {
    "escalate": FormPage(
        forms.EscalateForm, _school,
        lambda user, complaint, data: services.escalate_complaint(actor=user, complaint=complaint, **data),
        title="Ask for independent adjudication", button="Ask for adjudication",
        intro="An independent adjudicator looks at how we handled your complaint. They cannot change the "
              "inspection's judgements, but they can recommend what we should do; we answer every recommendation, "
              "and publish why if we decline one.",
        done="You have asked for independent adjudication. We will send your complaint to the adjudicator.",
    ),
    "decide": FormPage(
        forms.DecideForm, _staff,
        lambda user, complaint, data: services.decide_complaint(actor=user, complaint=complaint, **data),
        title="Decide the complaint", button="Send the decision", done="The decision has been sent to the school.",
    ),
    "release-hold": FormPage(
        forms.ReasonForm, _staff,
        lambda user, complaint, data: services.release_hold(actor=user, complaint=complaint, **data),
        title="Release the hold on publication", button="Release the hold", warning=True,
        intro="The report may then be published before the complaint is decided.",
        done="The hold is released: the report may be published.",
    ),
    "reinspection": FormPage(
        forms.ReinspectionForm, _staff,
        lambda user, complaint, data: services.propose_reinspection(actor=user, complaint=complaint, **data),
        title="Propose a re-inspection", button="Propose it to the scheduling team",
        done="The re-inspection is proposed to the scheduling team.",
    ),
    "amend": FormPage(
        forms.AmendForm, _staff,
        lambda user, complaint, data: actions.amend_report_after_complaint(actor=user, complaint=complaint, **data),
        title="Amend the published report", button="Publish the amended report", warning=True,
        intro="The amended report is published as a new version; the version before stays readable, marked replaced.",
        done="The amended report is published.",
    ),
    "refer": FormPage(
        forms.ReferForm, _staff,
        lambda user, complaint, data: services.refer_to_adjudicator(actor=user, complaint=complaint, **data),
        title="Send the complaint to the adjudicator", button="Record what was sent",
        done="The referral is recorded.",
    ),
    "recommendation": FormPage(
        forms.RecommendationForm, _staff,
        lambda user, complaint, data: services.record_recommendation(actor=user, complaint=complaint, **data),
        title="Record a recommendation of the adjudicator", button="Record the recommendation",
        done="The recommendation is recorded: answer it.",
    ),
}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def complaint_action(request, pk: int, page: str):
    item = _visible_complaint(request, pk)
    back = reverse("complaints:complaint", args=[item.pk])
    return _form_page(request, item, COMPLAINT_PAGES[page], back=back, caption=item.inspection.school.name)


@login_required
@require_POST
def take_complaint(request, pk: int):
    item = _visible_complaint(request, pk)
    if not _staff(request.user, item):
        raise PermissionDenied(HANDLE_COMPLAINTS.refusal())
    form = ConfirmForm(request.POST)
    if submit(form, lambda data: services.assign_handler(actor=request.user, complaint=item, handler=request.user)) is None:
        messages.success(request, "You are handling this complaint.")
    else:
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
    return redirect("complaints:complaint", item.pk)


_ANSWER_RECOMMENDATION = FormPage(
    forms.AnswerRecommendationForm, _staff,
    lambda user, recommendation, data: services.answer_recommendation(actor=user, recommendation=recommendation, **data),
    title="Answer the recommendation", button="Record the answer", done="The answer is recorded.",
)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def answer_recommendation(request, pk: int, recommendation_pk: int):
    item = _visible_complaint(request, pk)
    recommendation = get_object_or_404(item.recommendations, pk=recommendation_pk)
    back = reverse("complaints:complaint", args=[item.pk])
    return _form_page(request, recommendation, _ANSWER_RECOMMENDATION, back=back, caption=recommendation.text[:100])


def declined_recommendations(request):
    """Public: every declined recommendation of the independent adjudicator, and why it was declined."""
    return render(
        request,
        "complaints/declined.html",
        {"page_title": "Adjudicators' recommendations we declined", "declined": selectors.declined_recommendations()},
    )


# Learning reviews.


@login_required
def reviews(request):
    manages = holds(request.user, MANAGE_LEARNING_REVIEWS)
    if not manages and not holds(request.user, CONDUCT_LEARNING_REVIEWS):
        raise PermissionDenied(f"Only {MANAGE_LEARNING_REVIEWS.holders()} or {CONDUCT_LEARNING_REVIEWS.holders()} can see learning reviews.")
    visible = selectors.reviews_visible_to(request.user)
    return render(
        request,
        "complaints/reviews.html",
        {
            "page_title": "Learning reviews",
            "reviews": visible,
            "manages": manages,
            "incidents_without_review": SeriousIncident.objects.filter(review__isnull=True).select_related("inspection__school")
            if manages
            else [],
        },
    )


@allowed_if(MANAGE_LEARNING_REVIEWS)
@require_http_methods(["GET", "POST"])
def record_incident(request):
    def change(data: dict):
        inspection = Inspection.objects.filter(pk=data.pop("inspection")).first()
        if inspection is None:
            raise InvalidRequest("No inspection has that number", field="inspection")
        return services.record_incident(actor=request.user, inspection=inspection, **data)

    return change_page(
        request, forms.IncidentForm, change, done="The incident is recorded: commission its learning review.",
        back=reverse("complaints:reviews"), template="complaints/form.html", page_title="Record a serious incident",
        button="Record the incident",
        intro="Record as little as will do: when it happened and what, in a few words, with no names or health details.",
    )  # fmt: skip


@allowed_if(MANAGE_LEARNING_REVIEWS)
@require_http_methods(["GET", "POST"])
def commission_review(request, pk: int):
    incident = get_object_or_404(SeriousIncident.objects.select_related("inspection__school"), pk=pk)
    page = FormPage(
        forms.CommissionForm, lambda user, incident: True,
        lambda user, incident, data: services.commission_review(actor=user, incident=incident, **data),
        title="Commission a learning review", button="Commission the review", done="The reviewer has been told.",
    )  # fmt: skip
    return _form_page(request, incident, page, back=reverse("complaints:reviews"), caption=incident.description)


def _visible_review(request, pk: int) -> LearningReview:
    return get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)


@login_required
def review(request, pk: int):
    item = _visible_review(request, pk)
    return render(
        request,
        "complaints/review.html",
        {
            "page_title": "Learning review",
            "review": item,
            "is_reviewer": item.reviewer_id == request.user.pk and item.published_at is None,
            "manages": holds(request.user, MANAGE_LEARNING_REVIEWS) and item.published_at is None,
            "actions": list(item.actions.all()),
        },
    )


def _reviewer(user, review: LearningReview) -> bool:
    return review.reviewer_id == user.pk


REVIEW_PAGES: dict[str, FormPage] = {
    "findings": FormPage(
        forms.FindingsForm, _reviewer,
        lambda user, review, data: services.record_findings(actor=user, review=review, **data),
        title="Record the findings", button="Save the findings", done="The findings are recorded.",
    ),
    "action": FormPage(
        forms.ReviewActionForm, _reviewer,
        lambda user, review, data: services.add_review_action(actor=user, review=review, **data),
        title="Add an action", button="Add the action", done="The action is added.",
    ),
    "publish": FormPage(
        forms.SummaryForm, lambda user, review: holds(user, MANAGE_LEARNING_REVIEWS),
        lambda user, review, data: services.publish_summary(actor=user, review=review, **data),
        title="Publish the summary", button="Publish the summary", warning=True,
        intro="Everyone can read the summary once it is published, and the review can no longer change.",
        done="The summary is published.",
    ),
}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def review_action(request, pk: int, page: str):
    item = _visible_review(request, pk)
    back = reverse("complaints:review", args=[item.pk])
    return _form_page(request, item, REVIEW_PAGES[page], back=back, caption=item.incident.description)


def published_summaries(request):
    return render(
        request,
        "complaints/summaries.html",
        {"page_title": "Learning reviews after serious incidents", "reviews": selectors.published_reviews()},
    )


def published_summary(request, pk: int):
    item = get_object_or_404(selectors.published_reviews(), pk=pk)
    return render(
        request,
        "complaints/summary.html",
        {"page_title": "Learning review summary", "review": item, "actions": list(item.actions.all())},
    )
