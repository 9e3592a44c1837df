"""Planning a term end to end, through the services: a plan asked for, run, reviewed, changed, run again around
its pins, and approved, which plans the inspections and assigns their teams through the inspections app, each
step audited; and approved inspections that lose a team member given a new one."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from fairinspect.audit.models import AuditEvent
from fairinspect.core import working_days
from fairinspect.inspections.models import Inspection, State
from fairinspect.scheduling import planner, services
from fairinspect.scheduling.models import Plan, PlannedInspection, PlannedPlace, PlanStatus, RunStatus
from fairinspect.accounts.roles import Role
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.core.formatting import govuk_period
from fairinspect.inspections.eligibility import Ineligible
from fairinspect.scheduling.selectors import short_of_team, shortfall_in_words
from fairinspect.workforce import services as workforce_services
from fairinspect.workforce.models import Unavailability
from tests import factories
from tests.refusals import refused

pytestmark = pytest.mark.django_db


def plan_term(actor, term="summer-2026"):
    run = services.request_plan(actor=actor, term=term)
    return planner.run_plan(run)


def test_a_plan_of_the_term_gives_each_school_due_a_week_and_a_team(scheduler, due_schools, workforce):
    run = plan_term(scheduler)
    assert run.status == RunStatus.FINISHED and run.unstaffed == 0
    assert run.bound <= run.cost <= run.greedy_cost and run.gap == pytest.approx(0, abs=1e-6)
    plan = run.plan
    assert plan.status == PlanStatus.READY and plan.created_by == scheduler
    planned = list(plan.inspections.order_by("school_id"))
    assert [row.school for row in planned] == due_schools
    for row in planned:
        # Due from 20 to 23 April: each in the term's first two weeks, with the lead free, called the day before.
        assert row.starts_on <= row.due_by and row.starts_on in (date(2026, 4, 14), date(2026, 4, 21))
        assert row.call_on == working_days.add_working_days(row.starts_on, -1) and row.due_rule == "routine"
        assert (row.lead_places, row.member_places) == (1, 1)  # 200 pupils: a team of two
        team = list(row.places.all())
        assert len(team) == 2 and sum(place.is_lead for place in team) == 1
        assert next(place for place in team if place.is_lead).inspector in workforce["leads"]
    actions = list(AuditEvent.objects.filter(object_type="scheduling.plan").values_list("action", flat=True))
    assert actions == ["plan.requested", "plan.run_started", "plan.run_finished"]


def test_an_inspection_no_one_may_lead_is_listed_with_why(scheduler, due_schools, workforce):
    special = factories.make_school(phase_name="Not applicable", type_name="Community special school", easting=401_000, northing=300_000)
    factories.make_historic_outcome(special, "eif-2019", start_date=date(2022, 4, 1), inspection_type="S5 Inspection")
    run = plan_term(scheduler)
    row = run.plan.inspections.get(school=special)
    assert run.unstaffed == 1 and not row.places.exists()
    assert [shortfall_in_words(item, special) for item in row.shortfall] == [
        "No lead: no active inspector who may lead holds the special and alternative provision phase"
    ]


def team_of(row: PlannedInspection) -> dict[str, bool]:
    return {place.inspector.reference: place.is_lead for place in row.places.select_related("inspector")}


def test_pins_and_changes_hold_when_the_plan_is_run_again(scheduler, due_schools, workforce):
    run = plan_term(scheduler)
    first = run.plan.inspections.order_by("starts_on", "school_id").first()
    member = first.places.get(is_lead=False)
    services.remove_place(actor=scheduler, place=member)
    spare = next(
        inspector for inspector in workforce["members"]
        if not PlannedPlace.objects.filter(planned__plan=run.plan, planned__starts_on=first.starts_on, inspector=inspector).exists()
    )  # fmt: skip
    added = services.add_place(actor=scheduler, planned=first, inspector=spare, as_lead=False)
    lead = services.pin_place(actor=scheduler, place=first.places.get(is_lead=True))
    assert added.pinned and lead.pinned and added.travel_km is not None
    again = planner.run_plan(services.request_run(actor=scheduler, plan=run.plan))
    assert again.status == RunStatus.FINISHED
    first.refresh_from_db()
    assert team_of(first) == {lead.inspector.reference: True, spare.reference: False}
    services.unpin_place(actor=scheduler, place=added)
    assert not PlannedPlace.objects.get(pk=added.pk).pinned


def test_a_change_is_refused_with_every_reason_and_changes_nothing(scheduler, due_schools, workforce):
    run = plan_term(scheduler)
    first, second = run.plan.inspections.order_by("starts_on", "school_id")[:2]
    away = workforce["members"][0]
    Unavailability.objects.create(inspector=away, starts_on=first.starts_on, ends_on=first.ends_on)
    for place in first.places.all():
        services.remove_place(actor=scheduler, place=place)
    with refused(Ineligible, f"{away.name} cannot join this team: they are unavailable"):
        services.add_place(actor=scheduler, planned=first, inspector=away, as_lead=False)
    member = workforce["members"][1]
    with refused(Ineligible, "a lead must be an HM Inspector or have worked as one in the last 3 years"):
        services.add_place(actor=scheduler, planned=first, inspector=member, as_lead=True)
    lead = second.places.get(is_lead=True).inspector
    other_lead = next(inspector for inspector in workforce["leads"] if inspector != lead)
    with refused(InvalidRequest, f"This team's lead is {lead.name}: take them out first"):
        services.add_place(actor=scheduler, planned=second, inspector=other_lead, as_lead=True)
    inspector = factories.make_user(Role.INSPECTOR)
    with refused(NotPermitted, "Only a scheduler can change a plan"):
        services.add_place(actor=inspector, planned=first, inspector=member, as_lead=False)
    queued = services.request_run(actor=scheduler, plan=run.plan)
    with refused(WrongState, "The planner is running for this plan: wait for it to finish"):
        services.request_run(actor=scheduler, plan=queued.plan)
    with refused(WrongState, "The planner is running for this plan: wait for it to finish"):
        services.add_place(actor=scheduler, planned=first, inspector=member, as_lead=False)


def test_approval_plans_every_inspection_and_assigns_its_team_in_one_go(scheduler, due_schools, workforce):
    run = plan_term(scheduler)
    inspections = services.approve_plan(actor=scheduler, plan=run.plan)
    assert len(inspections) == 4 and {inspection.school for inspection in inspections} == set(due_schools)
    for row in run.plan.inspections.select_related("inspection"):
        inspection = row.inspection
        assert inspection.state == State.PLANNED and (inspection.starts_on, inspection.ends_on) == (row.starts_on, row.ends_on)
        assert {member.inspector.reference: member.is_lead for member in inspection.team.select_related("inspector")} == team_of(row)
    plan = type(run.plan).objects.get(pk=run.plan.pk)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == scheduler
    assert AuditEvent.objects.filter(action="inspection.planned").count() == 4
    assert AuditEvent.objects.filter(action="inspection.inspector_assigned").count() == 8
    assert AuditEvent.objects.filter(action="plan.approved", object_id=str(plan.pk)).exists()
    with refused(WrongState, "Only a plan ready to review can be approved; this one is approved"):
        services.approve_plan(actor=scheduler, plan=plan)


def test_an_approval_the_rules_now_refuse_plans_nothing_and_names_the_school(scheduler, due_schools, workforce):
    run = plan_term(scheduler)
    first = run.plan.inspections.order_by("starts_on", "pk").first()
    lead, school = first.places.get(is_lead=True).inspector, first.school
    workforce_services.withdraw_inspector(actor=scheduler, inspector=lead, reason="Stepping back for now.")
    with refused(Ineligible, f"{school.name}: {lead.name} cannot lead this inspection: they withdrew from inspecting"):
        services.approve_plan(actor=scheduler, plan=run.plan)
    assert not Inspection.objects.exists()


def test_an_approved_inspection_that_loses_a_member_is_given_a_new_one(scheduler, due_schools, workforce):
    run = plan_term(scheduler)
    services.approve_plan(actor=scheduler, plan=run.plan)
    row = run.plan.inspections.order_by("starts_on", "school_id").first()
    member = row.places.get(is_lead=False).inspector
    workforce_services.add_unavailability(
        actor=scheduler, inspector=member, starts_on=row.starts_on, ends_on=row.ends_on, reason="Jury service"
    )
    (short,) = short_of_team(type(run.plan).objects.get(pk=run.plan.pk))
    assert short.inspection == row.inspection and not short.needs_lead and short.members_needed == 1
    assert [refusal.message for refusal in short.refused] == [
        f"{member.name}: they are unavailable {govuk_period(row.starts_on, row.ends_on)}"
    ]
    repair = planner.run_plan(services.request_repair(actor=scheduler, plan=run.plan))
    assert repair.status == RunStatus.FINISHED and repair.plan.inspections.get().inspection == row.inspection
    (place,) = PlannedPlace.objects.filter(planned__plan=repair.plan)
    assert not place.is_lead and place.inspector != member
    services.approve_plan(actor=scheduler, plan=repair.plan)
    team = {team_member.inspector for team_member in row.inspection.team.all()}
    assert member not in team and place.inspector in team and len(team) == 2
    assert AuditEvent.objects.filter(action="inspection.inspector_removed").count() == 1
    assert short_of_team(type(run.plan).objects.get(pk=run.plan.pk)) == []


def test_the_command_line_plans_a_term_with_its_progress_and_says_what_it_found(due_schools, workforce, capsys):
    call_command("plan_term", "summer-2026")
    printed = capsys.readouterr()
    plan = Plan.objects.get()
    assert plan.created_by is None and plan.status == PlanStatus.READY
    assert f"Plan {plan.pk} of summer-2026: 4 inspections, 0 short of a team" in printed.out
    assert "(gap 0.00%)" in printed.out
    with pytest.raises(CommandError, match="There is no term 'winter-2026' in the term calendar"):
        call_command("plan_term", "winter-2026", "--no-progress")
    with pytest.raises(CommandError, match="No account has the username 'nobody'"):
        call_command("plan_term", "summer-2026", "--no-progress", "--by", "nobody")


def test_a_term_is_planned_only_as_far_as_its_inspectors_can_take_the_soonest_due_first(scheduler, due_schools):
    for number in range(3):
        factories.make_inspector(phases=["primary"], load_cap_per_term=1, home_easting=400_000, home_northing=300_000)
    run = plan_term(scheduler)
    plan = Plan.objects.get(pk=run.plan_id)
    # Three inspectors, one inspection each this term: three places, and at 85% of them, one team of two.
    assert [row.school for row in plan.inspections.order_by("due_by")] == due_schools[:1]
    assert plan.beyond_capacity == 3 and run.unstaffed == 0


def test_a_run_that_cannot_finish_says_why_and_the_plan_keeps_what_it_had(scheduler, due_schools, workforce):
    run = plan_term(scheduler)
    lead = run.plan.inspections.order_by("starts_on").first().places.get(is_lead=True)
    services.pin_place(actor=scheduler, place=lead)
    workforce_services.withdraw_inspector(actor=scheduler, inspector=lead.inspector, reason="Stepping back.")
    again = planner.run_plan(services.request_run(actor=scheduler, plan=run.plan))
    assert again.status == RunStatus.FAILED
    assert again.failure == f"{lead.inspector.name}, pinned on the inspection of {lead.planned.school.name}, has withdrawn: unpin them first"
    plan = Plan.objects.get(pk=run.plan_id)
    assert plan.status == PlanStatus.READY and PlannedPlace.objects.filter(planned__plan=plan).count() == 8
    assert AuditEvent.objects.filter(action="plan.run_failed", object_id=str(plan.pk)).get().reason == again.failure


def test_a_plan_whose_first_days_have_come_is_not_approved(scheduler, due_schools, workforce, clock):
    run = plan_term(scheduler)
    first = run.plan.inspections.order_by("starts_on", "pk").first()
    clock.set(first.starts_on)
    with refused(WrongState, f"The first day on site of 2 inspections has come \\({first.school.name}"):
        services.approve_plan(actor=scheduler, plan=run.plan)
