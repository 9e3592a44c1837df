"""The school's side of the impact survey: its open invitations, and the form."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from fairinspect.accounts.decorators import allowed_if
from fairinspect.accounts.permissions import ACT_FOR_A_SCHOOL
from fairinspect.survey import selectors, services
from fairinspect.survey.forms import ResponseForm
from fairinspect.web.forms import change_page


@allowed_if(ACT_FOR_A_SCHOOL)
def invitations(request):
    listed = selectors.open_invitations_of(request.user)
    return render(request, "survey/invitations.html", {"page_title": "Tell us how your inspection went", "invitations": listed})


@allowed_if(ACT_FOR_A_SCHOOL)
def respond(request, pk: int):
    invitation = selectors.invitation_for(request.user, pk)
    if invitation is None:
        raise Http404("No survey of your school's has this number")
    fields = ("workload", "wellbeing", "fairness", "reflects_school")
    return change_page(
        request, ResponseForm,
        lambda data: services.respond(
            invitation, {field: data[field] for field in fields}, data["comments"], actor=request.user
        ),
        done="Thank you: your answers are recorded. They are only ever shown added up with at least "
        f"{selectors.MIN_GROUP - 1} other schools'.",
        back=reverse("survey:invitations"),
        page_title=f"How did inspection {invitation.inspection_number} go?",
        intro=f"Published on {invitation.published_on:%-d %B %Y}; the survey closes on "
        f"{invitation.closes_on:%-d %B %Y}. It takes about 3 minutes. Your answers are never shown on their own: "
        f"only added up over at least {selectors.MIN_GROUP} schools.",
        button="Send your answers",
    )  # fmt: skip
