from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User

from fairinspect.accounts.models import AccountsEvent, SchoolMembership
from fairinspect.accounts.permissions import ACT_FOR_A_SCHOOL
from fairinspect.accounts.roles import Role
from fairinspect.audit.services import public_service, record_event
from fairinspect.core.actors import Actor
from fairinspect.core.errors import InvalidRequest
from fairinspect.schools.models import School


@public_service
def create_user(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    roles: Iterable[Role],
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    school: School | None = None,
    is_headteacher: bool = False,
) -> User:
    """A new account with its roles (and, for a school user, their school), audited."""
    roles = sorted(set(roles))
    if school is not None and ACT_FOR_A_SCHOOL.roles.isdisjoint(roles):
        raise InvalidRequest("Only a school user is linked to a school: give the account that role", field="school")
    if is_headteacher and school is None:
        raise InvalidRequest("Choose the school the headteacher leads", field="school")
    user = get_user_model().objects.create_user(
        username=username, password=password, email=email, first_name=first_name, last_name=last_name
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    if school is not None:
        SchoolMembership.objects.create(user=user, school=school, is_headteacher=is_headteacher)
    record_event(
        actor=actor,
        action=AccountsEvent.CREATED,
        obj=user,
        after={"username": username, "roles": roles, "school": school.urn if school else None,
               "is_headteacher": is_headteacher},
    )
    return user
