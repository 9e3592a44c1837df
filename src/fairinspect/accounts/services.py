"""Accounts: making them, switching them off and on, their roles and the schools they act for. Each change is
the administrators' alone (the system makes accounts too, for imports and the demo), on the audit trail."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from fairinspect.accounts.models import AccountsEvent, SchoolMembership
from fairinspect.accounts.permissions import ACT_FOR_A_SCHOOL, ADMINISTER, require, roles_of
from fairinspect.accounts.roles import Role
from fairinspect.audit.services import public_service, record_event
from fairinspect.core.actors import Actor
from fairinspect.core.errors import InvalidRequest, WrongState
from fairinspect.core.text import LINE, REASON
from fairinspect.schools.models import School

User = get_user_model()


def _check_password(password: str | None, user=None) -> None:
    if password is None:
        return
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidRequest(" ".join(error.messages), field="password") from None


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
):
    """A new account with its roles (and, for a school user, their school), audited. `actor` is an administrator,
    or None for the system (an import, the demo); without a password the account cannot sign in until one is set."""
    if actor is not None:
        require(actor, ADMINISTER, "create accounts")
    username = LINE.clean(username, field="username", what="the username")
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as error:
        raise InvalidRequest(" ".join(error.messages), field="username") from None
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidRequest(f"There is already an account with the username {username}", field="username")
    roles = sorted(set(roles))
    if not roles:
        raise InvalidRequest("Choose at least one role", field="roles")
    if school is not None and ACT_FOR_A_SCHOOL.roles.isdisjoint(roles):
        raise InvalidRequest("Only a school user is linked to a school: give the account that role", field="school")
    if is_headteacher and school is None:
        raise InvalidRequest("Choose the school the headteacher leads", field="school")
    if is_headteacher:
        _no_other_headteacher(school)
    _check_password(password)
    user = User.objects.create_user(
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
    )  # fmt: skip
    return user


def _locked(user):
    return User.objects.select_for_update().get(pk=user.pk)


@public_service
def deactivate_user(*, actor, user, reason: str):
    """Switch an account off: it can no longer sign in, and is told of nothing. Its history stays."""
    require(actor, ADMINISTER, "switch accounts off")
    reason = REASON.clean(reason, field="reason", what="the reason for switching the account off")
    user = _locked(user)
    if user.pk == actor.pk:
        raise InvalidRequest("You cannot switch off your own account: ask another administrator", field="reason")
    if not user.is_active:
        raise WrongState(f"{user.get_username()}'s account is already switched off")
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_event(actor=actor, action=AccountsEvent.DEACTIVATED, obj=user, before={"active": True},
                 after={"active": False}, reason=reason)  # fmt: skip
    return user


@public_service
def reactivate_user(*, actor, user, reason: str):
    require(actor, ADMINISTER, "switch accounts back on")
    reason = REASON.clean(reason, field="reason", what="the reason for switching the account back on")
    user = _locked(user)
    if user.is_active:
        raise WrongState(f"{user.get_username()}'s account is already on")
    user.is_active = True
    user.save(update_fields=["is_active"])
    record_event(actor=actor, action=AccountsEvent.REACTIVATED, obj=user, before={"active": False},
                 after={"active": True}, reason=reason)  # fmt: skip
    return user


@public_service
def set_roles(*, actor, user, roles: Iterable[Role]):
    """Give an account exactly these roles."""
    require(actor, ADMINISTER, "change anyone's roles")
    user = _locked(user)
    before = sorted(roles_of(user))
    roles = sorted({Role(role) for role in roles})
    if not roles:
        raise InvalidRequest("Choose at least one role: to stop someone signing in, switch their account off", field="roles")
    if user.pk == actor.pk and not set(ADMINISTER.roles) & set(roles):
        raise InvalidRequest("You cannot take away your own administrator role: ask another administrator", field="roles")
    if ACT_FOR_A_SCHOOL.roles.isdisjoint(roles) and user.school_memberships.exists():
        raise InvalidRequest(
            "This account acts for a school: remove its school memberships before taking away the school user role",
            field="roles",
        )
    if roles == before:
        raise InvalidRequest("These are the roles the account has already", field="roles")
    user.groups.set(Group.objects.filter(name__in=roles))
    record_event(actor=actor, action=AccountsEvent.ROLES_CHANGED, obj=user, before={"roles": before},
                 after={"roles": roles})  # fmt: skip
    return User.objects.get(pk=user.pk)


def _no_other_headteacher(school, but=None) -> None:
    current = school.memberships.filter(is_headteacher=True).exclude(user=but).select_related("user").first()
    if current is not None:
        raise InvalidRequest(
            f"{school.name} already has a headteacher ({current.user.get_full_name() or current.user.get_username()}): "
            "remove them first",
            field="is_headteacher",
        )


@public_service
def add_membership(*, actor, user, school, is_headteacher: bool = False) -> SchoolMembership:
    """Let a school user act for a school (as its headteacher, who may ask for a pause, when they are)."""
    require(actor, ADMINISTER, "change which schools people act for")
    user = _locked(user)
    if ACT_FOR_A_SCHOOL.roles.isdisjoint(roles_of(user)):
        raise InvalidRequest("Only a school user acts for a school: give the account that role first", field="school")
    if user.school_memberships.filter(school=school).exists():
        raise InvalidRequest(f"{user.get_username()} already acts for {school.name}", field="school")
    if is_headteacher:
        _no_other_headteacher(school)
    membership = SchoolMembership.objects.create(user=user, school=school, is_headteacher=is_headteacher)
    record_event(actor=actor, action=AccountsEvent.MEMBERSHIP_ADDED, obj=user,
                 after={"school": school.urn, "is_headteacher": is_headteacher})  # fmt: skip
    return membership


@public_service
def remove_membership(*, actor, membership: SchoolMembership) -> None:
    require(actor, ADMINISTER, "change which schools people act for")
    membership = SchoolMembership.objects.select_for_update().select_related("user", "school").get(pk=membership.pk)
    membership.delete()
    record_event(actor=actor, action=AccountsEvent.MEMBERSHIP_REMOVED, obj=membership.user,
                 before={"school": membership.school.urn, "is_headteacher": membership.is_headteacher})  # fmt: skip
