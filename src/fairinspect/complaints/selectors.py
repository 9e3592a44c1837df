"""Reads of concerns, complaints and learning reviews, with every rule of who may see them and of the windows in
which they may be raised."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from fairinspect.accounts.permissions import (
    ACT_FOR_A_SCHOOL,
    CONDUCT_LEARNING_REVIEWS,
    DECIDE_PAUSES,
    HANDLE_COMPLAINTS,
    MANAGE_LEARNING_REVIEWS,
    holds,
)
from fairinspect.accounts.selectors import schools_of
from fairinspect.audit.models import AuditEvent
from fairinspect.complaints.models import Complaint, Concern, LearningReview, Outcome, Recommendation, Response
from fairinspect.complaints.publication import published_on
from fairinspect.core import working_days
from fairinspect.core.formatting import count, govuk_date
from fairinspect.inspections.models import IN_PROGRESS, Inspection, State, TeamMember

# After on-site work, on the way to publication and published: the inspection a complaint may be about.
AFTER_ON_SITE = frozenset(
    {State.FEEDBACK_GIVEN, State.DRAFT_REPORT, State.FACTUAL_ACCURACY_CHECK, State.QUALITY_ASSURANCE, State.PUBLISHED}
)


# Concerns.


def concern_refusal(inspection: Inspection, today: date) -> str | None:
    """Why a concern cannot be raised about this inspection today, or None: it may be raised during on-site work
    (paused included) and on the next working day after the last day on site."""
    if inspection.state in IN_PROGRESS:
        return None
    day_after = working_days.next_working_day(inspection.ends_on)
    if inspection.state in AFTER_ON_SITE and today == day_after:
        return None
    if inspection.state in AFTER_ON_SITE and today > day_after:
        return (
            f"A concern can be raised during on-site work or on the next working day ({govuk_date(day_after)}); "
            "that has passed, so make a formal complaint instead"
        )
    return "A concern can be raised only during on-site work or on the next working day after it"


def duty_inspector_for(inspection: Inspection):
    """The senior inspector on duty to route a concern to: an active duty decision-maker who is not on the
    inspection's team, the one with fewest concerns still to answer (then the longest-standing account), or None."""
    on_team = TeamMember.objects.filter(inspection=inspection, inspector__user=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(groups__name__in=DECIDE_PAUSES.roles, is_active=True)
        .exclude(Exists(on_team))
        .annotate(open_concerns=Count("concerns_to_answer", filter=Q(concerns_to_answer__responded_at__isnull=True)))
        .order_by("open_concerns", "pk")
        .first()
    )


def concerns_visible_to(user) -> QuerySet[Concern]:
    """Complaints staff see every concern; the senior inspector on duty those routed to them; a school user their
    school's; anyone else none."""
    concerns = Concern.objects.select_related("inspection__school", "handler", "raised_by")
    if holds(user, HANDLE_COMPLAINTS):
        return concerns
    seen = Q(pk__in=[])
    if holds(user, DECIDE_PAUSES):
        seen |= Q(handler=user)
    if holds(user, ACT_FOR_A_SCHOOL):
        seen |= Q(inspection__school__in=schools_of(user))
    return concerns.filter(seen)


def is_concern_overdue(concern: Concern, today: date | None = None) -> bool:
    return concern.responded_at is None and (today or working_days.today()) > concern.respond_by


# Complaints.


def complaint_refusal(inspection: Inspection, today: date) -> str | None:
    """Why a formal complaint cannot be made about this inspection today, or None: from the end of on-site work
    until the configured working days after the report's publication."""
    if inspection.state not in AFTER_ON_SITE:
        return "A formal complaint can be made once on-site work has ended; during it, raise a concern"
    published = published_on(inspection) if inspection.state == State.PUBLISHED else None
    if published is None:
        return None
    days = settings.FAIRINSPECT["COMPLAINT_WORKING_DAYS"]
    last_day = working_days.add_working_days(published, days)
    if today > last_day:
        return (
            f"A formal complaint must be made within {count(days, 'working day')} of the report's publication on "
            f"{govuk_date(published)}: the last day was {govuk_date(last_day)}"
        )
    return None


def would_hold_publication(inspection: Inspection, today: date) -> bool:
    """Whether a complaint made today holds the report's publication: made before publication, no later than the
    configured working days after the last day on site."""
    hold_until = working_days.add_working_days(inspection.ends_on, settings.FAIRINSPECT["COMPLAINT_HOLD_WORKING_DAYS"])
    return inspection.state != State.PUBLISHED and today <= hold_until


def publication_hold(inspection: Inspection) -> str | None:
    """Why the report must not be published yet because of a complaint, or None (reports' `publication_holds`)."""
    holding = (
        Complaint.objects.filter(inspection=inspection, holds_publication=True, hold_released_at__isnull=True)
        .order_by("made_at")
        .first()
    )
    if holding is None:
        return None
    return (
        f"A complaint made on {govuk_date(holding.made_at)} holds publication until the complaints team decides it "
        "or releases the hold"
    )


def complaints_visible_to(user) -> QuerySet[Complaint]:
    """Complaints are seen by the complaints staff and by the users of the school complained for; no one else."""
    complaints = Complaint.objects.select_related("inspection__school", "handler", "made_by")
    if holds(user, HANDLE_COMPLAINTS):
        return complaints
    if holds(user, ACT_FOR_A_SCHOOL):
        return complaints.filter(inspection__school__in=schools_of(user))
    return complaints.none()


def complaint_queue() -> QuerySet[Complaint]:
    """Complaints not yet decided, soonest deadline first (what is overdue at the top)."""
    return Complaint.objects.filter(decided_at__isnull=True).select_related("inspection__school", "handler")


def adjudications_open() -> QuerySet[Complaint]:
    """Complaints taken to independent adjudication whose recommendations are not all answered (or not sent yet)."""
    unanswered = Recommendation.objects.filter(complaint=OuterRef("pk"), answered_at__isnull=True)
    return (
        Complaint.objects.filter(escalated_at__isnull=False)
        .filter(Q(referred_at__isnull=True) | Exists(unanswered))
        .select_related("inspection__school")
        .order_by("escalated_at")
    )


def is_complaint_overdue(complaint: Complaint, today: date | None = None) -> bool:
    return complaint.decided_at is None and (today or working_days.today()) > complaint.respond_by


def escalation_refusal(complaint: Complaint, today: date) -> str | None:
    """Why the school cannot ask for independent adjudication of this complaint today, or None."""
    if complaint.decided_at is None:
        return "Independent adjudication can be asked for once the complaint has been decided"
    if complaint.escalated_at is not None:
        return f"Independent adjudication was already asked for on {govuk_date(complaint.escalated_at)}"
    days = settings.FAIRINSPECT["ESCALATION_WORKING_DAYS"]
    last_day = working_days.add_working_days(timezone.localdate(complaint.decided_at), days)
    if today > last_day:
        return (
            f"Independent adjudication must be asked for within {count(days, 'working day')} of the outcome: the "
            f"last day was {govuk_date(last_day)}"
        )
    return None


@dataclass(frozen=True)
class DeclinedRecommendation:
    """What the public page shows of a declined recommendation: no school, no person, only when and why."""

    month: date
    recommendation: str
    reason: str
    answered_on: date


def declined_recommendations() -> list[DeclinedRecommendation]:
    declined = Recommendation.objects.filter(response=Response.DECLINED).select_related("complaint__inspection")
    return [
        DeclinedRecommendation(
            month=item.complaint.inspection.starts_on.replace(day=1),
            recommendation=item.text,
            reason=item.response_reason,
            answered_on=timezone.localdate(item.answered_at),
        )
        for item in declined.order_by("-answered_at", "-id")
    ]


# Learning reviews.


def reviews_visible_to(user) -> QuerySet[LearningReview]:
    """Authorised staff see every learning review; a reviewer the ones they carry out; everyone may read a
    published summary (`published_reviews`)."""
    reviews = LearningReview.objects.select_related("incident__inspection__school", "reviewer")
    if holds(user, MANAGE_LEARNING_REVIEWS):
        return reviews
    if holds(user, CONDUCT_LEARNING_REVIEWS):
        return reviews.filter(reviewer=user)
    return reviews.none()


def published_reviews() -> QuerySet[LearningReview]:
    return LearningReview.objects.filter(published_at__isnull=False).order_by("-published_at", "-id")


def reviewer_refusal(user, inspection: Inspection) -> str | None:
    """Why `user` cannot review this inspection's incident, or None: a reviewer holds the capability and had no
    part in the inspection (never on its team, and no act of theirs on it in the audit trail)."""
    if not holds(user, CONDUCT_LEARNING_REVIEWS) or not user.is_active:
        return f"The reviewer must be {CONDUCT_LEARNING_REVIEWS.holders()} with an active account"
    if TeamMember.objects.filter(inspection=inspection, inspector__user=user).exists():
        return "The reviewer was on the inspection's team: choose someone who had no part in it"
    acted = AuditEvent.objects.filter(actor=user, object_type=_object_type(inspection), object_id=str(inspection.pk))
    if acted.exists() or Concern.objects.filter(inspection=inspection, handler=user).exists():
        return "The reviewer took part in the inspection (its audit trail records them): choose someone who did not"
    return None


def _object_type(inspection: Inspection) -> str:
    return inspection._meta.label_lower


def reviewers() -> QuerySet:
    """Accounts that may be asked to carry out a learning review (whether of one inspection, `reviewer_refusal`)."""
    return get_user_model().objects.filter(groups__name__in=CONDUCT_LEARNING_REVIEWS.roles, is_active=True).distinct()


# Figures for analytics.


@dataclass(frozen=True)
class MonthlyCounts:
    month: date  # the first day of the month
    concerns: int
    complaints: int
    upheld_complaints: int  # upheld or partly upheld, counted in the month the complaint was made


def monthly_counts() -> list[MonthlyCounts]:
    """Concerns and complaints by the month they were raised (England's time), and how many of those complaints
    were upheld in whole or in part: counts only, never who or which school."""
    concerns = dict(
        Concern.objects.annotate(month=TruncMonth("raised_at")).values("month").annotate(n=Count("id")).values_list("month", "n")
    )
    complaints = {
        row["month"]: row
        for row in Complaint.objects.annotate(month=TruncMonth("made_at"))
        .values("month")
        .annotate(n=Count("id"), upheld=Count("id", filter=Q(outcome__in=[Outcome.UPHELD, Outcome.PARTLY_UPHELD])))
    }
    months = sorted({_as_date(month) for month in [*concerns, *complaints]})
    by_day = {_as_date(month): n for month, n in concerns.items()}
    complaints_by_day = {_as_date(month): row for month, row in complaints.items()}
    return [
        MonthlyCounts(
            month=month,
            concerns=by_day.get(month, 0),
            complaints=complaints_by_day[month]["n"] if month in complaints_by_day else 0,
            upheld_complaints=complaints_by_day[month]["upheld"] if month in complaints_by_day else 0,
        )
        for month in months
    ]


def _as_date(month) -> date:
    return month.date() if hasattr(month, "date") else month
