"""`accounts.services.create_user`: a new account with its roles and school, on the audit trail."""

import pytest
from django.contrib.auth import get_user_model

from fairinspect.accounts.roles import Role
from fairinspect.accounts.permissions import roles_of
from fairinspect.accounts.selectors import is_headteacher_of, schools_of
from fairinspect.accounts.services import create_user
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import events_for
from fairinspect.core.errors import InvalidRequest

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_an_account_gets_its_roles_and_a_password_only_when_given_one(make_user):
    administrator = make_user(Role.ADMINISTRATOR)

    user = create_user(
        actor=administrator, username="sam.scheduler", password="a long pass phrase", email="sam@example.org",
        first_name="Sam", last_name="Scheduler", roles=[Role.SCHEDULER, Role.RESEARCHER, Role.SCHEDULER],
    )  # fmt: skip
    without_password = create_user(actor=administrator, username="rory", password=None, roles=[Role.RESEARCHER])

    user.refresh_from_db()
    assert roles_of(user) == {Role.SCHEDULER, Role.RESEARCHER}
    assert (user.email, user.get_full_name()) == ("sam@example.org", "Sam Scheduler")
    assert user.check_password("a long pass phrase") and not without_password.has_usable_password()
    assert not schools_of(user).exists()


def test_a_school_user_belongs_to_their_school_as_its_headteacher_when_they_are(make_user, make_school):
    school, other = make_school(), make_school()

    head = create_user(
        actor=None, username="hana.head", password=None, roles=[Role.SCHOOL_USER], school=school, is_headteacher=True
    )
    teacher = create_user(actor=None, username="tom.teacher", password=None, roles=[Role.SCHOOL_USER], school=other)

    assert list(schools_of(head)) == [school] and is_headteacher_of(head, school)
    assert list(schools_of(teacher)) == [other] and not is_headteacher_of(teacher, other)


def test_the_new_account_is_on_the_audit_trail_with_who_made_it_and_what_it_was_given(make_user, make_school):
    administrator = make_user(Role.ADMINISTRATOR)
    school = make_school()

    user = create_user(
        actor=administrator, username="hana.head", password="a long pass phrase", roles=[Role.SCHOOL_USER],
        school=school, is_headteacher=True,
    )  # fmt: skip
    by_the_system = create_user(actor=None, username="rory", password=None, roles=[Role.RESEARCHER])

    [event] = events_for(user)
    assert (event.action, event.actor, event.actor_label) == ("account.created", administrator, administrator.username)
    assert event.after == {
        "username": "hana.head", "roles": ["school_user"], "school": school.urn, "is_headteacher": True,
    }  # fmt: skip
    assert "a long pass phrase" not in str(event.after)
    [event] = events_for(by_the_system)
    assert (event.actor, event.actor_label) == (None, "system")
    assert event.after == {"username": "rory", "roles": ["researcher"], "school": None, "is_headteacher": False}


@pytest.mark.parametrize(
    ("roles", "with_school", "is_headteacher", "message"),
    [
        ([Role.INSPECTOR], True, False, "Only a school user is linked to a school"),
        ([Role.SCHOOL_USER], False, True, "Choose the school the headteacher leads"),
    ],
    ids=["a school for someone who is not a school user", "a headteacher without a school"],
)
def test_an_account_that_does_not_hang_together_is_refused_and_nothing_is_written(
    make_school, roles, with_school, is_headteacher, message
):
    school = make_school()
    users, events = User.objects.count(), AuditEvent.objects.count()

    with pytest.raises(InvalidRequest, match=message) as refused:
        create_user(
            actor=None, username="someone", password=None, roles=roles, school=school if with_school else None,
            is_headteacher=is_headteacher,
        )  # fmt: skip

    assert refused.value.field == "school"
    assert (User.objects.count(), AuditEvent.objects.count()) == (users, events)
    assert not school.memberships.exists()
