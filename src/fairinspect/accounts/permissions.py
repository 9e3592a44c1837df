"""The one permission registry: every capability a role gives, the roles that hold it, and the words a refusal
uses. Selectors, services, the page decorator and the API guard all ask here; no role is named anywhere else.

Rules about a user's relation to one object (the lead inspector of this inspection, a user of this school) are
the selectors' of the app that owns the object; they start from a capability here (being an inspector, acting
for a school) and add the relation.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, Group

from fairinspect.accounts.roles import Role
from fairinspect.core.actors import Actor
from fairinspect.core.errors import NotPermitted

_ROLES_CACHE = "_fairinspect_roles"


@dataclass(frozen=True)
class Capability:
    """Something a user may do because of a role they hold. `doing` says it as it follows "can": a refusal reads
    "Only a scheduler or an administrator can {doing}."; a service may name a narrower `doing` of its own."""

    doing: str
    roles: frozenset[Role]

    def holders(self, *besides: str) -> str:
        """Who holds it, in words, after anyone else who may (`besides`, e.g. "the lead inspector"):
        "a scheduler or an administrator"."""
        people = [*besides, *(_with_article(role.label.lower()) for role in Role if role in self.roles)]
        return people[0] if len(people) == 1 else f"{', '.join(people[:-1])} or {people[-1]}"

    def refusal(self, doing: str | None = None, *, besides: tuple[str, ...] = ()) -> str:
        """"Only a scheduler or an administrator can {doing}.", naming first anyone `besides` who may."""
        return f"Only {self.holders(*besides)} can {doing or self.doing}."


def _with_article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _capability(doing: str, *roles: Role) -> Capability:
    return Capability(doing, frozenset(roles))


# Seeing.
SEE_EVERY_INSPECTION = _capability(
    "see every inspection and inspector", Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR
)
READ_OPEN_DATA = _capability("use the open data", Role.RESEARCHER)
# Aggregate figures only (no school's or person's record): for researchers and unions, and the staff who
# answer for fairness and timeliness.
SEE_ANALYTICS = _capability(
    "see the figures on fairness and timeliness", Role.RESEARCHER, Role.SCHEDULER, Role.DUTY_DECISION_MAKER,
    Role.QUALITY_ASSURER, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR,
)  # fmt: skip
# What schools wrote in the impact survey, unattributed and only within the quarters the figures show: for the
# staff who answer for the quality of inspection, not for researchers and unions (aggregate figures only).
READ_SURVEY_COMMENTS = _capability(
    "read what schools wrote in the impact survey", Role.QUALITY_ASSURER, Role.ADMINISTRATOR
)
# Doing, by role.
ACT_FOR_A_SCHOOL = _capability("act for a school", Role.SCHOOL_USER)
INSPECT = _capability("be on an inspection team", Role.INSPECTOR)
PLAN_INSPECTIONS = _capability("plan inspections", Role.SCHEDULER)
MANAGE_DEFERRALS = _capability(
    "see the requests to defer and make standing offers to defer", Role.SCHEDULER, Role.ADMINISTRATOR
)
MANAGE_WORKFORCE = _capability("keep the inspectors' records", Role.SCHEDULER, Role.ADMINISTRATOR)
DECIDE_PAUSES = _capability("confirm and end pauses", Role.DUTY_DECISION_MAKER)
QUALITY_ASSURE = _capability("quality assure reports", Role.QUALITY_ASSURER)
# Duty decision-makers are senior inspectors; one who was not on the team decides a school's request for a review.
DECIDE_GRADE_REVIEWS = _capability("decide a school's request to review an inspection's grades", Role.DUTY_DECISION_MAKER)
HANDLE_COMPLAINTS = _capability("handle complaints", Role.COMPLAINTS_OFFICER)
# Reading the evidence behind grades, to assure a report's quality or to administer (a visit's evidence stays
# firewalled even from them: `evidence.selectors`).
READ_EVIDENCE = _capability("read the evidence of inspections", Role.QUALITY_ASSURER, Role.ADMINISTRATOR)
# Changing a confirmed grade after feedback (a review of the grades, a complaint upheld), through the same rules.
CHANGE_GRADES_AFTER_FEEDBACK = _capability(
    "change an inspection's grades after feedback", Role.DUTY_DECISION_MAKER, Role.COMPLAINTS_OFFICER
)
# Learning reviews after a serious incident: who records the incident, commissions the review and publishes its
# summary, and the senior staff who may be asked to carry one out (of an inspection they had no part in).
MANAGE_LEARNING_REVIEWS = _capability(
    "record serious incidents and commission learning reviews", Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR
)
CONDUCT_LEARNING_REVIEWS = _capability(
    "carry out learning reviews", Role.DUTY_DECISION_MAKER, Role.QUALITY_ASSURER, Role.ADMINISTRATOR
)
HALT_INSPECTIONS = _capability("halt inspections nationally", Role.ADMINISTRATOR)
ADMINISTER = _capability("administer users, frameworks and the audit trail", Role.ADMINISTRATOR)


def roles_of(user: Actor | AnonymousUser) -> frozenset[Role]:
    if user is None or not user.is_authenticated:
        return frozenset()
    roles = getattr(user, _ROLES_CACHE, None)
    if roles is None:
        names = user.groups.values_list("name", flat=True)
        roles = frozenset(Role(name) for name in names if name in Role.values)
        setattr(user, _ROLES_CACHE, roles)
    return roles


def holds(user: Actor | AnonymousUser, capability: Capability) -> bool:
    return not roles_of(user).isdisjoint(capability.roles)


def require(user: Actor | AnonymousUser, capability: Capability, doing: str | None = None) -> None:
    """Refuse (NotPermitted, a 403) unless `user` holds `capability`."""
    if not holds(user, capability):
        raise NotPermitted(capability.refusal(doing))


def roles_beyond(user, capability: Capability) -> list[str]:
    """The roles `user` holds besides those giving `capability`, by label (and "superuser"): what an account may
    do that a change meant only for holders of `capability` must not take over."""
    labels = sorted(role.label for role in roles_of(user) - capability.roles)
    return labels + (["superuser"] if user.is_superuser else [])


def give_role_for(capability: Capability, user_ids) -> None:
    """Give these accounts the role that holds `capability` (which one role must hold), inside the caller's
    transaction; the caller audits the change it is part of."""
    (role,) = capability.roles
    group = Group.objects.get(name=role)
    membership = group.user_set.through
    membership.objects.bulk_create(
        [membership(user_id=user_id, group_id=group.pk) for user_id in user_ids], ignore_conflicts=True
    )
