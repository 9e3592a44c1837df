"""Reads of grades: the toolkit of an area as `rules` reads it, the areas an inspection grades, who sees its
grades, and `outcome_of`, the confirmed outcome that feedback, the report and its publication use."""

from dataclasses import dataclass
from datetime import date

from fairinspect.accounts.permissions import CHANGE_GRADES_AFTER_FEEDBACK, READ_EVIDENCE, holds
from fairinspect.core import working_days
from fairinspect.evidence.selectors import is_on_team
from fairinspect.frameworks.models import Area, Criterion, Framework, SafeguardingOutcome, ScalePoint
from fairinspect.grading.models import AreaGrade, CriterionJudgement, GradeProposal, SafeguardingJudgement
from fairinspect.grading.rules import Category, Derivation, FollowUp, Toolkit, decide_follow_up, derive
from fairinspect.inspections.lifecycle import Action, allowed_actions
from fairinspect.inspections.models import Inspection, State
from fairinspect.inspections.selectors import is_lead_of, is_user_of_school

# From the final feedback on, the school sees its provisional grades (and, later, its report).
AFTER_FEEDBACK = frozenset(
    {State.FEEDBACK_GIVEN, State.DRAFT_REPORT, State.FACTUAL_ACCURACY_CHECK, State.QUALITY_ASSURANCE, State.PUBLISHED}
)


def gives_grades(framework: Framework) -> bool:
    """Whether inspections under it are graded: a visit's framework refuses grading (its `rules.grading_refused`)."""
    return framework.is_graded and not (framework.rules or {}).get("grading_refused") and "secure_fit" in framework.rules


def applicable_areas(inspection: Inspection) -> list[Area]:
    """The areas this inspection grades, in the framework's order: those that apply to the school (early years and
    a sixth form only where the registry says it has them); none for a framework that gives no grades."""
    if not gives_grades(inspection.framework):
        return []
    areas = Area.objects.filter(framework=inspection.framework).order_by("order")
    return [area for area in areas if area.applies_to(inspection.school)]


def toolkit_of(area: Area) -> Toolkit:
    framework = area.framework
    scale = tuple(framework.scale.order_by("rank").values_list("code", flat=True))
    criteria: dict[str, list[str]] = {}
    indicators: dict[str, list[str]] = {}
    for criterion in Criterion.objects.filter(area=area).select_related("level"):
        (indicators if criterion.is_indicator else criteria).setdefault(criterion.level.code, []).append(criterion.code)
    return Toolkit(
        scale=scale,
        criteria={point: tuple(codes) for point, codes in criteria.items()},
        indicators={point: tuple(codes) for point, codes in indicators.items()},
        floor=framework.rules["secure_fit"]["floor"],
    )


def judgements_of(area_grade: AreaGrade | None) -> dict[str, CriterionJudgement]:
    if area_grade is None:
        return {}
    judgements = area_grade.judgements.select_related("criterion").prefetch_related("cites")
    return {judgement.criterion.code: judgement for judgement in judgements}


def derivation_of(area_grade: AreaGrade | None, area: Area) -> Derivation:
    judged = {code: judgement.holds for code, judgement in judgements_of(area_grade).items()}
    return derive(toolkit_of(area), judged)


def reads_grading_of(user, inspection: Inspection) -> bool:
    """Who reads an inspection's proposals and judgements: its team, quality assurers and administrators, and from
    the final feedback on those who may change its grades. Never for a framework that gives no grades."""
    if not gives_grades(inspection.framework):
        return False
    if is_on_team(user, inspection) or holds(user, READ_EVIDENCE):
        return True
    return inspection.state in AFTER_FEEDBACK and holds(user, CHANGE_GRADES_AFTER_FEEDBACK)


def sees_provisional_outcome(user, inspection: Inspection) -> bool:
    """From the final feedback on, the school sees its provisional outcome, as do those who read its grading."""
    if inspection.state not in AFTER_FEEDBACK:
        return False
    return is_on_team(user, inspection) or holds(user, READ_EVIDENCE) or is_user_of_school(user, inspection) or (
        holds(user, CHANGE_GRADES_AFTER_FEEDBACK)
    )


def regrades(user, inspection: Inspection) -> bool:
    """Who may change an area's grade now (`services.regrade_area`): after the final feedback, someone who may
    change grades then and was not on the team."""
    return (
        gives_grades(inspection.framework) and inspection.state in AFTER_FEEDBACK
        and holds(user, CHANGE_GRADES_AFTER_FEEDBACK) and not is_on_team(user, inspection)
    )  # fmt: skip


def judges_on_site(user, inspection: Inspection) -> bool:
    return inspection.state == State.ON_SITE and is_lead_of(user, inspection)


def gives_feedback(user, inspection: Inspection) -> bool:
    """Whether the final feedback may be given now, as the lifecycle's rule says (its page is offered only then)."""
    return Action.GIVE_FEEDBACK in allowed_actions(user, inspection, None)


def proposals_of(inspection: Inspection) -> list[GradeProposal]:
    return list(inspection.grade_proposals.select_related("area", "grade", "proposed_by"))


def area_grades_of(inspection: Inspection) -> dict[str, AreaGrade]:
    grades = AreaGrade.objects.filter(inspection=inspection).select_related("area", "grade", "changed_by")
    return {grade.area.code: grade for grade in grades}


def safeguarding_of(inspection: Inspection) -> SafeguardingJudgement | None:
    return (
        SafeguardingJudgement.objects.filter(inspection=inspection)
        .select_related("outcome", "judged_by")
        .prefetch_related("cites")
        .first()
    )


@dataclass(frozen=True)
class AreaOutcome:
    area: Area
    grade: ScalePoint
    rationale: str


@dataclass(frozen=True)
class InspectionOutcome:
    """An inspection's confirmed grades in the framework's order (none for a visit), its safeguarding judgement,
    the category of concern they put the school in and the inspections that follow."""

    areas: tuple[AreaOutcome, ...]
    safeguarding: SafeguardingOutcome | None
    category: Category | None
    follow_ups: tuple[FollowUp, ...]


def outcome_of(inspection: Inspection, *, decided_on: date | None = None) -> InspectionOutcome:
    """The confirmed outcome only (an area not yet confirmed is left out). Follow-ups are due counting from
    `decided_on` (the day of publication; today unless given)."""
    confirmed = area_grades_of(inspection)
    areas = tuple(
        AreaOutcome(area, grade.grade, grade.rationale)
        for area in applicable_areas(inspection)
        if (grade := confirmed.get(area.code)) is not None and grade.grade is not None
    )
    judgement = safeguarding_of(inspection)
    safeguarding = judgement.outcome if judgement else None
    if not areas and safeguarding is None:
        return InspectionOutcome((), None, None, ())
    decision = decide_follow_up(
        inspection.framework.rules or {},
        {outcome.area.code: outcome.grade.code for outcome in areas},
        safeguarding.code if safeguarding else None,
        safeguarding_satisfactory=safeguarding.is_satisfactory if safeguarding else True,
        remediable=bool(judgement and judgement.remediable),
        decided_on=decided_on or working_days.today(),
    )
    return InspectionOutcome(areas, safeguarding, decision.category, decision.follow_ups)


def grades_not_ready(inspection: Inspection) -> str | None:
    """Why the final feedback cannot be given yet (`inspections.lifecycle.grades_not_ready`): an applicable area
    without a confirmed grade, or safeguarding not judged. A visit gives no grades, so nothing holds it up."""
    if inspection.framework.is_graded and not gives_grades(inspection.framework):
        return f"{inspection.framework.title} gives grades this service cannot derive (its file has no secure-fit rule)"
    areas = applicable_areas(inspection)
    if not areas:
        return None
    confirmed = area_grades_of(inspection)
    unconfirmed = [area.title for area in areas if confirmed.get(area.code) is None or confirmed[area.code].grade is None]
    if unconfirmed:
        return f"Confirm a grade for every area before the final feedback: {', '.join(unconfirmed)} not yet confirmed"
    if safeguarding_of(inspection) is None:
        return "Judge safeguarding before the final feedback"
    return None

