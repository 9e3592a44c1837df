"""The proof that a refusal changed nothing (tests/refusals.py) notices every kind of change, and says which."""

import pytest
from django.core import mail
from django.db import transaction

from fairinspect.accounts.roles import Role
from fairinspect.audit.services import record_event
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import NotPermitted
from fairinspect.schools.models import School
from tests import factories
from tests.refusals import nothing_changed, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.make_school()


# Each kind of change, made to a school that exists, and how the failure names it.
CHANGES = {
    "a row added": (
        lambda school: factories.make_school(), r"schools_school \(added \[\d+\]\)"
    ),
    "a row changed": (
        lambda school: School.objects.filter(pk=school.pk).update(name="Renamed"), r"schools_school \(changed \[\d+\]\)"
    ),
    "a row removed": (
        lambda school: School.objects.filter(pk=school.pk).delete(), r"schools_school \(removed \[\d+\]\)"
    ),
    "a row of a many-to-many table": (
        lambda school: factories.make_user(Role.SCHEDULER), r"auth_user_groups \(added \[\d+\]\)"
    ),
    "an audit event": (
        lambda school: record_event(actor=None, actor_label="a test", action="test.done", obj=school),
        r"audit_auditchainhead \(changed \[\d+\]\); audit_auditevent \(added \[\d+\]\)",
    ),
    "an email queued for after the commit": (
        lambda school: email_after_commit("Hello", "Hi.", ["head@school.example"]),
        r"1 action\(s\) queued for after the commit",
    ),
    "an email sent": (
        lambda school: mail.send_mail("Hello", "Hi.", None, ["head@school.example"]), r"1 email\(s\) sent"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_is_noticed_and_named(school, change):
    make, named = CHANGES[change]
    with pytest.raises(AssertionError, match=f"^the refusal changed: .*{named}"):
        with nothing_changed():
            make(school)


def test_reading_or_a_change_rolled_back_is_nothing(school):
    with nothing_changed():
        assert School.objects.get(pk=school.pk).name == school.name
        with pytest.raises(RuntimeError), transaction.atomic():
            School.objects.filter(pk=school.pk).update(name="Renamed")
            email_after_commit("Hello", "Hi.", ["head@school.example"])
            raise RuntimeError


def test_refused_needs_the_refusal_and_nothing_changed(school):
    def refuse():
        raise NotPermitted("Only a scheduler can do this.")

    with refused(NotPermitted, "Only a scheduler") as refusal:
        refuse()
    assert refusal.value.status == 403
    with pytest.raises(pytest.fail.Exception, match="DID NOT RAISE"), refused(NotPermitted, "Only a scheduler"):
        pass
