"""The list of inspectors shows each one's load this term as assigning them counts it: so a scheduler reading
"3 of 3" knows the next assignment this term will be refused."""

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.core import working_days
from fairinspect.inspections import services
from fairinspect.inspections.eligibility import Reason, assignment_refusals
from fairinspect.inspections.models import Kind, State
from fairinspect.workforce.selectors import inspector_list, with_load_this_term
from tests import factories
from tests.html import find, page, text

pytestmark = pytest.mark.django_db


def test_this_terms_load_counts_what_the_load_cap_counts(client, clock, frameworks, make_inspection):
    inspector = factories.make_inspector(load_cap_per_term=2)
    make_inspection(State.CANCELLED, lead=inspector)  # never happens: not counted
    make_inspection(State.DEFERRED, lead=inspector)  # its dates are void until replanned: not counted
    make_inspection(State.PLANNED, lead=inspector)
    scheduler = factories.make_user(Role.SCHEDULER)
    next_term = working_days.next_working_day(working_days.school_term(clock.today).ends_on)
    later = services.plan_inspection(
        actor=scheduler, school=factories.make_school(), framework=frameworks["report-card-2025"], kind=Kind.FULL,
        starts_on=next_term,
    )  # fmt: skip
    services.assign_inspector(actor=scheduler, inspection=later, inspector=inspector, as_lead=True)

    assert with_load_this_term([inspector_list().get(pk=inspector.pk)])[0].this_term == 1
    client.force_login(scheduler)
    row = text(find(page(client.get(reverse("workforce:list"))), "tbody"))
    assert f"{inspector.name} {inspector.reference}" in row and "1 of 2" in row

    # One more this term (a week later, not to overlap) reaches the cap, and the next is refused for it alone.
    clock.advance(days=7)
    make_inspection(State.PLANNED, lead=inspector)
    assert with_load_this_term([inspector_list().get(pk=inspector.pk)])[0].this_term == 2
    clock.advance(days=7)
    another = make_inspection(State.PLANNED)
    assert [refusal.reason for refusal in assignment_refusals(inspector, another, as_lead=False)] == [Reason.OVER_LOAD_CAP]
