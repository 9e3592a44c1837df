"""Every action a page offers can be taken, and none that would be refused is offered (issue 9): the demo's
inspections, in every state it walks them to, looked at by each of its people (a person of every role, the
headteachers and the lead inspector), and tried again under a national halt.

For each inspection a person can see, the buttons its page shows are the actions `allowed_actions` gives them, and
each action is then taken through its service, with valid data, in a transaction rolled back afterwards: an offered
one must succeed, and one not offered must be refused. A person who cannot see the inspection is offered nothing
and refused everything."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fairinspect.core import working_days
from fairinspect.core.errors import DomainError
from fairinspect.demo import people
from fairinspect.grading import services as grading
from fairinspect.inspections import services
from fairinspect.inspections.eligibility import eligible_inspectors
from fairinspect.inspections.lifecycle import RULES, Action, allowed_actions
from fairinspect.inspections.models import DeferralGround, Inspection, PauseGround, State
from fairinspect.inspections.selectors import active_halt, call_day, inspections_visible_to, lead_of
from fairinspect.reports import services as reports
from fairinspect.reports.models import Answer, ReviewDecision
from fairinspect.reports.selectors import card_content, is_letter, may_read_embargoed, report_of, sections_of
from tests.demo.conftest import LOADED_AT
from tests.html import attribute, find_all, page
from tests.transactions import rolled_back

pytestmark = pytest.mark.django_db

REASON = "Checking what the page offers."
# The page each offered action's button leads to (the team page for both changes of the team).
BUTTONS = {
    Action.ASSIGN: "inspections:assign", Action.NOTIFY: "inspections:notify", Action.START: "inspections:start",
    Action.REQUEST_DEFERRAL: "inspections:request-deferral", Action.PAUSE: "inspections:pause",
    Action.CONFIRM_PAUSE: "inspections:confirm-pause", Action.RESUME: "inspections:resume",
    Action.DEFER: "inspections:defer", Action.REPLAN: "inspections:replan", Action.CANCEL: "inspections:cancel",
    Action.GIVE_FEEDBACK: "grading:feedback",
}  # fmt: skip


def _assign(user, inspection: Inspection) -> None:
    as_lead = lead_of(inspection) is None
    candidates = eligible_inspectors(inspection, as_lead=as_lead)
    assert candidates, f"no one can join the team of {inspection}: the demo should leave someone free"
    services.assign_inspector(actor=user, inspection=inspection, inspector=candidates[0], as_lead=as_lead)


def _unassign(user, inspection: Inspection) -> None:
    member = inspection.team.first()
    assert member is not None, f"{inspection} has no team to change"
    services.unassign_inspector(actor=user, inspection=inspection, inspector=member.inspector)


def _decide(user, inspection: Inspection) -> None:
    services.decide_deferral(actor=user, request=inspection.deferral_requests.latest("requested_at"), grant=False, reason=REASON)


TAKE: dict[Action, Callable] = {
    Action.ASSIGN: _assign,
    Action.UNASSIGN: _unassign,
    Action.NOTIFY: lambda user, inspection: services.notify_school(actor=user, inspection=inspection),
    Action.START: lambda user, inspection: services.start_inspection(actor=user, inspection=inspection),
    Action.REQUEST_DEFERRAL: lambda user, inspection: services.request_deferral(
        actor=user, inspection=inspection, ground=DeferralGround.HEADTEACHER_ABSENT, details=REASON
    ),
    Action.DECIDE_DEFERRAL: _decide,
    Action.PAUSE: lambda user, inspection: services.pause_inspection(
        actor=user, inspection=inspection, ground=PauseGround.OTHER
    ),
    Action.CONFIRM_PAUSE: lambda user, inspection: services.confirm_pause(actor=user, inspection=inspection),
    Action.RESUME: lambda user, inspection: services.resume_inspection(actor=user, inspection=inspection),
    Action.DEFER: lambda user, inspection: services.defer_inspection(actor=user, inspection=inspection, reason=REASON),
    Action.REPLAN: lambda user, inspection: services.replan_inspection(
        actor=user, inspection=inspection, starts_on=working_days.add_working_days(working_days.today(), 15)
    ),
    Action.CANCEL: lambda user, inspection: services.cancel_inspection(actor=user, inspection=inspection, reason=REASON),
    Action.GIVE_FEEDBACK: lambda user, inspection: grading.give_feedback(actor=user, inspection=inspection),
    Action.START_DRAFT: lambda user, inspection: reports.start_draft(actor=user, inspection=inspection),
    Action.REVISE_DRAFT: lambda user, inspection: _revise(user, inspection),
    Action.SEND_FOR_FACTUAL_ACCURACY: lambda user, inspection: reports.send_for_factual_accuracy(actor=user, inspection=inspection),
    Action.COMMENT_ON_FACTS: lambda user, inspection: _comment(user, inspection),
    Action.FINISH_COMMENTING: lambda user, inspection: reports.finish_commenting(actor=user, inspection=inspection),
    Action.ANSWER_COMMENT: lambda user, inspection: reports.answer_comment(
        actor=user, inspection=inspection, comment_id=_pending_comment(inspection), accepted=False, reason=REASON
    ),
    Action.REQUEST_REVIEW: lambda user, inspection: reports.request_review(actor=user, inspection=inspection, reason=REASON),
    Action.DECIDE_REVIEW: lambda user, inspection: reports.decide_review(
        actor=user, inspection=inspection, upheld=False, reason=REASON
    ),
    Action.SEND_TO_QUALITY_ASSURANCE: lambda user, inspection: reports.send_to_quality_assurance(actor=user, inspection=inspection),
    Action.RETURN_TO_LEAD: lambda user, inspection: reports.return_to_lead(actor=user, inspection=inspection, comments=REASON),
    Action.PUBLISH: lambda user, inspection: reports.publish_report(actor=user, inspection=inspection),
    Action.AMEND: lambda user, inspection: reports.amend_report(actor=user, inspection=inspection, reason=REASON),
}


def _revise(user, inspection: Inspection) -> None:
    narrative = {"letter": REASON} if is_letter(inspection) else {"pupil_experience": REASON, "next_steps": REASON}
    reports.revise_draft(actor=user, inspection=inspection, **narrative)


def _comment(user, inspection: Inspection) -> None:
    report = report_of(inspection)
    section = next(iter(sections_of(card_content(inspection, report)))) if report else "next-steps"
    reports.comment_on_facts(actor=user, inspection=inspection, section=section, text=REASON)


def _pending_comment(inspection: Inspection) -> int:
    report = report_of(inspection)
    comment = report.comments.filter(answer=Answer.PENDING).first() if report else None
    return comment.pk if comment else 0


def test_every_action_a_page_offers_is_covered():
    assert set(TAKE) == {action for action, rule in RULES.items() if rule.offered}


def _could_not_be_tried(action: Action, inspection: Inspection) -> bool:
    """Actions about something the inspection does not have: no request to decide, no one to remove."""
    if action == Action.DECIDE_DEFERRAL:
        return not inspection.deferral_requests.exists()
    if action == Action.UNASSIGN:
        return not inspection.team.exists()
    report = report_of(inspection)
    if action == Action.ANSWER_COMMENT:
        return report is None or not report.comments.filter(answer=Answer.PENDING).exists()
    if action == Action.DECIDE_REVIEW:
        return report is None or not report.review_requests.filter(decision=ReviewDecision.PENDING).exists()
    return False


def _inspections_to_walk() -> list[Inspection]:
    """Every inspection the demo walked beyond planning, and of the planned ones: the one due to be called today,
    one waiting for a lead, and one with a team due later."""
    walked = list(Inspection.objects.exclude(state=State.PLANNED))
    planned = list(Inspection.objects.filter(state=State.PLANNED).order_by("starts_on", "pk"))
    due_today = [inspection for inspection in planned if call_day(inspection) == working_days.today()]
    no_lead = [inspection for inspection in planned if lead_of(inspection) is None]
    later = [inspection for inspection in planned if inspection not in due_today and inspection not in no_lead]
    return walked + due_today[:1] + no_lead[:1] + later[:1]


def _people() -> list:
    usernames = [account.username for account in (*people.STAFF, *people.HEADTEACHERS, people.HEAD_FACTUAL_ACCURACY)]
    return list(get_user_model().objects.filter(username__in=usernames).order_by("username"))


def _buttons(client, inspection: Inspection) -> set[Action]:
    shown = page(client.get(reverse("inspections:detail", args=[inspection.pk])))
    hrefs = {attribute(link, "href") for link in find_all(shown, "a")}
    return {action for action, name in BUTTONS.items() if reverse(name, args=[inspection.pk]) in hrefs}


ALL_STATES_SO_FAR = {
    State.PLANNED, State.NOTIFIED, State.ON_SITE, State.PAUSED, State.DEFERRED, State.CANCELLED, State.FEEDBACK_GIVEN,
    State.DRAFT_REPORT, State.FACTUAL_ACCURACY_CHECK, State.QUALITY_ASSURANCE, State.PUBLISHED,
}  # fmt: skip


def _check(client, inspection: Inspection, everyone: list, halt, *, then: set | None = None) -> list[str]:
    """What is wrong with what each person is offered on this inspection as it stands. With `then`, each action
    that succeeds the first time one leads to a state of the inspection is checked again from where it leads (a
    request asked, a pause confirmed), once per (action, state) pair, added to `then`."""
    problems = []
    for user in everyone:
        inspection = Inspection.objects.get(pk=inspection.pk)
        # An inspection is seen through the inspections' pages, or through its report's: before publication by those
        # the embargo lets read it (quality assurers too), and once published by everyone.
        visible = (
            inspections_visible_to(user).filter(pk=inspection.pk).exists()
            or may_read_embargoed(user, inspection)
            or inspection.state == State.PUBLISHED
        )
        offered = set(allowed_actions(user, inspection, halt)) if visible else set()
        where = f"{user.username} on the {inspection.get_state_display().lower()} inspection of {inspection.school}"
        if inspections_visible_to(user).filter(pk=inspection.pk).exists():
            client.force_login(user)
            shown = _buttons(client, inspection)
            expected = {action for action in offered if action in BUTTONS}
            if shown != expected:
                problems.append(f"{where}: the page shows {sorted(shown)}, but {sorted(expected)} may be done")
        for action, take in TAKE.items():
            # Removing a team member is offered by state alone (the team page lists whom): with no one on the team
            # (the scheduler removed the only one a step before), there is no one to try it with.
            if _could_not_be_tried(action, inspection):
                continue
            with rolled_back():
                try:
                    take(user, Inspection.objects.get(pk=inspection.pk))
                except DomainError as refusal:
                    if action in offered:
                        problems.append(f"{where}: {action} is offered but refused: {refusal.message}")
                    continue
                if action not in offered:
                    problems.append(f"{where}: {action} is not offered, yet it succeeds")
                elif then is not None and (action, inspection.state) not in then:
                    then.add((action, inspection.state))
                    problems += [f"after {where} took {action}: {problem}" for problem in _check(client, inspection, everyone, halt)]
    return problems


def _walk(client, states: set[State]) -> list[str]:
    halt = active_halt()
    inspections = _inspections_to_walk()
    assert {inspection.state for inspection in inspections} == states
    everyone, then = _people(), set()
    return [problem for inspection in inspections for problem in _check(client, inspection, everyone, halt, then=then)]


def test_the_demo_offers_each_person_what_they_can_do_now_and_nothing_else(client, clock, demo):
    clock.now = LOADED_AT + timedelta(hours=2)
    problems = _walk(client, ALL_STATES_SO_FAR)
    assert not problems, "\n".join(problems)


def test_under_a_national_halt_too(client, clock, demo):
    clock.now = LOADED_AT + timedelta(hours=2)
    administrator = get_user_model().objects.get(username=people.ADMINISTRATOR.username)
    with rolled_back():
        services.halt_inspections(actor=administrator, reason="A national emergency.")
        # Every inspection on site is paused by the halt.
        problems = _walk(client, ALL_STATES_SO_FAR - {State.ON_SITE})
    assert not problems, "\n".join(problems)
