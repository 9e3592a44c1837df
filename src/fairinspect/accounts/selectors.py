"""Who a user is: the schools they act for, and who holds a capability (to be told of something)."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from fairinspect.accounts.models import SchoolMembership
from fairinspect.accounts.permissions import ACT_FOR_A_SCHOOL, Capability, holds
from fairinspect.schools.models import School


def schools_of(user) -> QuerySet[School]:
    """The schools a school user acts for (none for anyone else)."""
    if not holds(user, ACT_FOR_A_SCHOOL):
        return School.objects.none()
    return School.objects.filter(memberships__user=user)


def is_headteacher_of(user, school: School) -> bool:
    return holds(user, ACT_FOR_A_SCHOOL) and school.memberships.filter(user=user, is_headteacher=True).exists()


def emails_of_holders(capability: Capability) -> list[str]:
    """The addresses of the active users who hold `capability`: those to tell of something it lets them act on."""
    users = get_user_model().objects.filter(groups__name__in=capability.roles, is_active=True).distinct()
    return list(users.exclude(email="").values_list("email", flat=True))


def school_members_emails(school_id: int) -> list[str]:
    """The addresses of the active users who act for a school."""
    return list(
        SchoolMembership.objects.filter(school_id=school_id, user__is_active=True).values_list("user__email", flat=True)
    )


def accounts_matching(query: str = "") -> QuerySet:
    """Every account, or those whose name, username or email holds `query`, by username, with their roles and
    schools."""
    users = get_user_model().objects.prefetch_related("groups", "school_memberships__school").order_by("username")
    if query.strip():
        words = query.strip()
        users = users.filter(
            Q(username__icontains=words) | Q(email__icontains=words) | Q(first_name__icontains=words)
            | Q(last_name__icontains=words)
        )  # fmt: skip
    return users
