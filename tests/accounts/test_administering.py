"""The administrators' changes to accounts: switching them off and on, roles and school memberships. Each is
theirs alone, audited, and refused (changing nothing) when it would not hang together."""

import pytest
from django.urls import reverse

from fairinspect.accounts import services
from fairinspect.accounts.permissions import roles_of
from fairinspect.accounts.roles import Role
from fairinspect.accounts.selectors import is_headteacher_of, schools_of
from fairinspect.audit.selectors import events_for
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from tests import factories
from tests.refusals import refused

pytestmark = pytest.mark.django_db



def signs_in(client, username: str) -> bool:
    response = client.post(reverse("accounts:sign-in"), {"username": username, "password": factories.PASSWORD})
    return response.status_code == 302


@pytest.fixture
def administrator():
    return factories.make_user(Role.ADMINISTRATOR, username="ada.admin")


def test_an_account_switched_off_cannot_sign_in_and_can_be_switched_back_on(client, administrator):
    scheduler = factories.make_user(Role.SCHEDULER, username="sam")
    services.deactivate_user(actor=administrator, user=scheduler, reason="They have left the inspectorate.")
    assert not signs_in(client, "sam")
    [event] = events_for(scheduler)
    assert (event.action, event.actor, event.reason) == ("account.deactivated", administrator, "They have left the inspectorate.")
    with refused(WrongState, "already switched off"):
        services.deactivate_user(actor=administrator, user=scheduler, reason="Again.")

    services.reactivate_user(actor=administrator, user=scheduler, reason="They are back.")
    assert signs_in(client, "sam")
    with refused(WrongState, "already on"):
        services.reactivate_user(actor=administrator, user=scheduler, reason="Again.")


def test_only_an_administrator_changes_accounts_and_never_their_own_access(administrator):
    scheduler = factories.make_user(Role.SCHEDULER)
    with refused(NotPermitted, "Only an administrator can switch accounts off"):
        services.deactivate_user(actor=scheduler, user=administrator, reason="Mischief.")
    with refused(NotPermitted, "Only an administrator can change anyone's roles"):
        services.set_roles(actor=scheduler, user=scheduler, roles=[Role.ADMINISTRATOR])
    with refused(NotPermitted, "Only an administrator can create accounts"):
        services.create_user(actor=scheduler, username="friend", password=None, roles=[Role.ADMINISTRATOR])
    with refused(InvalidRequest, "cannot switch off your own account"):
        services.deactivate_user(actor=administrator, user=administrator, reason="Tired.")
    with refused(InvalidRequest, "cannot take away your own administrator role"):
        services.set_roles(actor=administrator, user=administrator, roles=[Role.SCHEDULER])


def test_roles_are_set_as_chosen_and_audited(administrator):
    user = factories.make_user(Role.SCHEDULER)
    changed = services.set_roles(actor=administrator, user=user, roles=[Role.SCHEDULER, Role.DUTY_DECISION_MAKER])
    assert roles_of(changed) == {Role.SCHEDULER, Role.DUTY_DECISION_MAKER}
    [event] = events_for(user)
    assert (event.before, event.after) == ({"roles": ["scheduler"]}, {"roles": ["duty_decision_maker", "scheduler"]})
    with refused(InvalidRequest, "Choose at least one role"):
        services.set_roles(actor=administrator, user=user, roles=[])
    with refused(InvalidRequest, "the roles the account has already"):
        services.set_roles(actor=administrator, user=user, roles=[Role.DUTY_DECISION_MAKER, Role.SCHEDULER])


def test_school_memberships_follow_the_school_user_role_and_one_headteacher_a_school(administrator):
    school = factories.make_school(name="Brook Lane Primary School")
    factories.make_user(Role.SCHOOL_USER, school=school, is_headteacher=True, first_name="Hana", last_name="Iqbal")
    teacher = factories.make_user(Role.SCHOOL_USER)
    inspector = factories.make_user(Role.INSPECTOR)

    with refused(InvalidRequest, "Only a school user acts for a school"):
        services.add_membership(actor=administrator, user=inspector, school=school)
    with refused(InvalidRequest, "already has a headteacher \\(Hana Iqbal\\)"):
        services.add_membership(actor=administrator, user=teacher, school=school, is_headteacher=True)
    membership = services.add_membership(actor=administrator, user=teacher, school=school)
    assert school in schools_of(teacher) and not is_headteacher_of(teacher, school)
    with refused(InvalidRequest, "already acts for Brook Lane Primary School"):
        services.add_membership(actor=administrator, user=teacher, school=school)
    with refused(InvalidRequest, "remove its school memberships before"):
        services.set_roles(actor=administrator, user=teacher, roles=[Role.INSPECTOR])

    services.remove_membership(actor=administrator, membership=membership)
    assert school not in schools_of(teacher)
    assert [event.action for event in events_for(teacher)] == ["account.membership_added", "account.membership_removed"]


def test_a_new_account_needs_a_free_username_and_a_strong_password(administrator):
    factories.make_user(Role.SCHEDULER, username="sam.okoro")
    with refused(InvalidRequest, "already an account with the username Sam.Okoro"):
        services.create_user(actor=administrator, username="Sam.Okoro", password=None, roles=[Role.SCHEDULER])
    with refused(InvalidRequest, "too short"):
        services.create_user(actor=administrator, username="rory", password="short", roles=[Role.RESEARCHER])
    with refused(InvalidRequest, "Enter a valid username"):
        services.create_user(actor=administrator, username="rory mensah", password=None, roles=[Role.RESEARCHER])
    with refused(InvalidRequest, "Choose at least one role"):
        services.create_user(actor=administrator, username="rory", password=None, roles=[])
