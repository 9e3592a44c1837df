"""Grading: proposals, criterion judgements citing evidence, confirmed grades, safeguarding, the final feedback,
grades changed after it, and the follow-up a published outcome brings.

Every public service locks the inspection first (`inspections.lifecycle.lock_inspection`), so a pause or the
final feedback cannot slip between its checks and its writes.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from fairinspect.accounts.permissions import CHANGE_GRADES_AFTER_FEEDBACK, require
from fairinspect.audit.services import public_service, record_event
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.core.formatting import count, govuk_datetime
from fairinspect.core.text import LINE, REASON
from fairinspect.evidence.models import EvidenceRecord
from fairinspect.evidence.selectors import citable_evidence, is_on_team
from fairinspect.frameworks.models import Area, Criterion, SafeguardingOutcome, ScalePoint
from fairinspect.grading import messages
from fairinspect.grading.follow_up import record_follow_up as record_follow_up  # the reports app calls it from here
from fairinspect.grading.models import AreaGrade, CriterionJudgement, GradeProposal, GradingEvent, SafeguardingJudgement
from fairinspect.grading.rules import derive, minimum_citations
from fairinspect.grading.selectors import AFTER_FEEDBACK, applicable_areas, gives_grades, outcome_of, toolkit_of
from fairinspect.inspections.lifecycle import Action, lock_inspection, transition
from fairinspect.inspections.models import Inspection, State
from fairinspect.inspections.selectors import is_lead_of
from fairinspect.inspections.services._helpers import school_emails, team_emails


@dataclass(frozen=True)
class Judgement:
    """The lead's judgement of one criterion: met or not (an indicator: found or not), citing evidence records of
    the inspection and the area by id."""

    holds: bool
    cites: Sequence[int] = ()


class EditConflict(WrongState):
    """Someone changed what the writer was editing after they opened it; nothing of theirs was written."""


def _graded(inspection: Inspection) -> Inspection:
    inspection = lock_inspection(inspection)
    if not gives_grades(inspection.framework):
        raise WrongState(
            f"{inspection.framework.title} gives no grades: a {inspection.get_kind_display().lower()} under it "
            "ends without any, so none can be proposed, judged or confirmed."
        )
    return inspection


def _while_on_site(inspection: Inspection) -> None:
    if inspection.state != State.ON_SITE:
        raise WrongState(
            f"Grades are proposed and judged while the inspection is on site; it is {inspection.get_state_display().lower()}."
        )


def _area(inspection: Inspection, area_code: str) -> Area:
    area = next((area for area in applicable_areas(inspection) if area.code == area_code), None)
    if area is None:
        raise InvalidRequest(f"This inspection grades no area {area_code!r}", field="area")
    return area


def _grade(inspection: Inspection, code: str, field: str) -> ScalePoint:
    grade = ScalePoint.objects.filter(framework=inspection.framework, code=code).first()
    if grade is None:
        raise InvalidRequest(f"{code!r} is not a grade of {inspection.framework.title}", field=field)
    return grade


def _refuse_uncited(area: Area | None, ids: Sequence[int], citable: Collection[int], what: str) -> None:
    """Each id cited must be among `citable`, this inspection's evidence (about `area`, when given). Any other id, of
    another inspection's evidence or none, is refused in the same words, so a citation reveals nothing."""
    alien = [str(pk) for pk in ids if pk not in citable]
    if alien:
        about = f" about {area.title.lower()}" if area else ""
        raise InvalidRequest(
            f"{what} can cite only this inspection's evidence{about}: {', '.join(alien)} is not among it", field="cites"
        )
    if not ids:
        raise InvalidRequest(f"{what} must cite at least one evidence record", field="cites")


def _citable(inspection: Inspection, area: Area | None, ids: Iterable[int]) -> set[int]:
    """Those of `ids` that are this inspection's evidence (about `area`, when given), in one query."""
    return set(citable_evidence(inspection, area).filter(pk__in=set(ids)).values_list("pk", flat=True))


@public_service
def propose_grade(*, actor: Actor, inspection: Inspection, area_code: str, grade: str, note: str = "") -> GradeProposal:
    """A team member proposes a grade for an area, for the lead to weigh (their later proposal replaces it)."""
    inspection = _graded(inspection)
    if not is_on_team(actor, inspection):
        raise NotPermitted("Only the team of this inspection can propose its grades.")
    _while_on_site(inspection)
    area = _area(inspection, area_code)
    point = _grade(inspection, grade, "grade")
    note = LINE.clean(note, field="note", what="the note", required=False)
    proposal, _ = GradeProposal.objects.update_or_create(
        inspection=inspection, area=area, proposed_by=actor,
        defaults={"grade": point, "note": note, "proposed_at": working_days.now()},
    )  # fmt: skip
    record_event(
        actor=actor, action=GradingEvent.PROPOSED, obj=proposal,
        after={"inspection": inspection.pk, "area": area.code, "grade": point.code},
    )  # fmt: skip
    return proposal


def _said(holds: bool, criterion: Criterion) -> str:
    if criterion.is_indicator:
        return "found" if holds else "not found"
    return "met" if holds else "not met"


def _conflict(area_grade: AreaGrade, area: Area, sent: Mapping[str, Judgement]) -> EditConflict:
    """What changed since the writer opened the area, for them to see before they send theirs again."""
    stored = {judgement.criterion.code: judgement for judgement in area_grade.judgements.select_related("criterion")}
    changes = [
        f"{code} is now {_said(stored[code].holds, stored[code].criterion)}"
        for code, judgement in sent.items()
        if code in stored and stored[code].holds != judgement.holds
    ]
    if area_grade.grade is not None:
        changes.append(f"the grade confirmed is now {area_grade.grade.label.lower()}")
    who = area_grade.changed_by.get_full_name() if area_grade.changed_by else "someone"
    return EditConflict(
        f"{who} changed {area.title} at {govuk_datetime(area_grade.changed_at)}, after you opened it"
        + (f": {'; '.join(changes)}" if changes else "")
        + ". Nothing you sent was saved: read their changes, then send yours again.",
        field="version",
    )


def _locked_area_grade(inspection: Inspection, area: Area) -> AreaGrade:
    AreaGrade.objects.get_or_create(inspection=inspection, area=area)
    return AreaGrade.objects.select_for_update(of=("self",)).select_related("grade", "changed_by").get(inspection=inspection, area=area)


def _write_judgements(area_grade: AreaGrade, area: Area, judgements: Mapping[str, Judgement]) -> None:
    criteria = {criterion.code: criterion for criterion in Criterion.objects.filter(area=area)}
    unknown = sorted(set(judgements) - set(criteria))
    if unknown:
        raise InvalidRequest(f"{area.title} has no criterion {', '.join(unknown)}", field="judgements")
    citable = _citable(area_grade.inspection, area, (pk for judgement in judgements.values() for pk in judgement.cites))
    for code, judgement in judgements.items():
        _refuse_uncited(area, judgement.cites, citable, f"The judgement of {code}")
    # Written in a few statements, whatever the number of criteria: an area's form sends them all at once.
    stored = {
        judgement.criterion_id: judgement
        for judgement in CriterionJudgement.objects.filter(area_grade=area_grade, criterion__in=[criteria[code] for code in judgements])
    }  # fmt: skip
    changed, new = [], []
    for code, judgement in judgements.items():
        existing = stored.get(criteria[code].pk)
        if existing is None:
            new.append(CriterionJudgement(area_grade=area_grade, criterion=criteria[code], holds=judgement.holds))
        elif existing.holds != judgement.holds:
            existing.holds = judgement.holds
            changed.append(existing)
    CriterionJudgement.objects.bulk_update(changed, ["holds"])
    for made in CriterionJudgement.objects.bulk_create(new):
        stored[made.criterion_id] = made
    Cites = CriterionJudgement.cites.through
    written = [stored[criteria[code].pk] for code in judgements]
    Cites.objects.filter(criterionjudgement__in=written).delete()
    Cites.objects.bulk_create(
        Cites(criterionjudgement_id=stored[criteria[code].pk].pk, evidencerecord_id=pk)
        for code, judgement in judgements.items()
        for pk in dict.fromkeys(judgement.cites)
    )


def _confirmable(area_grade: AreaGrade, area: Area, grade: str | None) -> ScalePoint:
    """The grade the area's stored judgements support, refused (naming the criterion, indicator or citations
    missing) unless it is `grade` (when given) and its judgements cite enough evidence."""
    judgements = {judgement.criterion.code: judgement for judgement in area_grade.judgements.select_related("criterion")}
    derivation = derive(toolkit_of(area), {code: judgement.holds for code, judgement in judgements.items()})
    if derivation.grade is None:
        raise InvalidRequest(
            f"Judge {', '.join(derivation.missing)} of {area.title} before confirming its grade: "
            "secure fit needs them to decide it",
            field="judgements",
        )
    derived = _grade(area_grade.inspection, derivation.grade, "grade")
    if grade is not None and grade != derived.code:
        claimed = _grade(area_grade.inspection, grade, "grade")
        raise InvalidRequest(
            f"The judgements of {area.title} support {derived.label.lower()}, not {claimed.label.lower()}: "
            f"{derivation.because}",
            field="grade",
        )
    cited = EvidenceRecord.objects.filter(pk__in=CriterionJudgement.cites.through.objects.filter(
        criterionjudgement__area_grade=area_grade
    ).values("evidencerecord")).count()  # fmt: skip
    needed = minimum_citations(area_grade.inspection.framework.rules or {}, derived.code)
    if cited < needed:
        raise InvalidRequest(
            f"A grade of {derived.label.lower()} must cite at least {count(needed, 'evidence record')}; the judgements "
            f"of {area.title} cite {cited}: cite more evidence",
            field="cites",
        )
    return derived


def _as_recorded(judgements: Mapping[str, Judgement]) -> dict:
    return {code: {"holds": judgement.holds, "cites": sorted(judgement.cites)} for code, judgement in judgements.items()}


def _stamp(area_grade: AreaGrade, actor: Actor) -> None:
    area_grade.version += 1
    area_grade.changed_by = actor if actor is not None and actor.is_authenticated else None
    area_grade.changed_at = working_days.now()
    area_grade.save()


@public_service
def judge_area(
    *,
    actor: Actor,
    inspection: Inspection,
    area_code: str,
    judgements: Mapping[str, Judgement],
    version: int,
    confirm: str | None = None,
    rationale: str = "",
) -> AreaGrade:
    """The lead records judgements of an area's criteria (those sent; others stay as they were), and with `confirm`
    confirms its grade, which must be the one they support. Judging again withdraws a confirmed grade until it is
    confirmed again. `version` is the area's version the lead saw: a change since refuses this one (EditConflict)."""
    inspection = _graded(inspection)
    if not is_lead_of(actor, inspection):
        raise NotPermitted("Only the lead inspector of this inspection can judge its criteria and confirm its grades.")
    _while_on_site(inspection)
    area = _area(inspection, area_code)
    area_grade = _locked_area_grade(inspection, area)
    if area_grade.version != version:
        raise _conflict(area_grade, area, judgements)
    _write_judgements(area_grade, area, judgements)
    area_grade.grade, area_grade.confirmed_at = None, None
    if confirm is not None:
        area_grade.grade = _confirmable(area_grade, area, confirm)
        area_grade.rationale = REASON.clean(rationale, field="rationale", what="why the area has this grade")
        area_grade.confirmed_at = working_days.now()
    _stamp(area_grade, actor)
    record_event(
        actor=actor,
        action=GradingEvent.CONFIRMED if confirm is not None else GradingEvent.JUDGED,
        obj=area_grade,
        after={
            "inspection": inspection.pk, "area": area.code, "grade": area_grade.grade.code if area_grade.grade else None,
            "judgements": _as_recorded(judgements),
        },
    )  # fmt: skip
    return area_grade


@public_service
def judge_safeguarding(
    *,
    actor: Actor,
    inspection: Inspection,
    outcome: str,
    cites: Sequence[int],
    rationale: str,
    version: int,
    remediable: bool = False,
) -> SafeguardingJudgement:
    """The lead judges safeguarding met or not met, citing evidence of the inspection (of any area); one not met
    may be put right within the framework's period (`remediable`), which brings a return visit."""
    inspection = _graded(inspection)
    if not is_lead_of(actor, inspection):
        raise NotPermitted("Only the lead inspector of this inspection can judge safeguarding.")
    _while_on_site(inspection)
    judged = SafeguardingOutcome.objects.filter(framework=inspection.framework, code=outcome).first()
    if judged is None:
        raise InvalidRequest("Choose whether safeguarding is met", field="outcome")
    current = SafeguardingJudgement.objects.select_for_update(of=("self",)).select_related("outcome", "judged_by").filter(inspection=inspection).first()
    if (current.version if current else 0) != version:
        assert current is not None  # only a stored judgement has a version other than 0
        raise EditConflict(
            f"{current.judged_by.get_full_name()} judged safeguarding {current.outcome.label.lower()} at "
            f"{govuk_datetime(current.judged_at)}, after you opened it. Nothing you sent was saved: read their "
            "judgement, then send yours again.",
            field="version",
        )
    cited = _citable(inspection, None, cites)
    _refuse_uncited(None, cites, cited, "The safeguarding judgement")
    needed = minimum_citations(inspection.framework.rules or {}, "default")
    if len(cited) < needed:
        raise InvalidRequest(f"The safeguarding judgement must cite at least {count(needed, 'evidence record')}", field="cites")
    rationale = REASON.clean(rationale, field="rationale", what="why safeguarding is judged so")
    values = {
        "outcome": judged, "remediable": remediable and not judged.is_satisfactory, "rationale": rationale,
        "version": version + 1, "judged_by": actor, "judged_at": working_days.now(),
    }  # fmt: skip
    judgement, _ = SafeguardingJudgement.objects.update_or_create(inspection=inspection, defaults=values)
    judgement.cites.set(cited)
    record_event(
        actor=actor, action=GradingEvent.SAFEGUARDING_JUDGED, obj=judgement,
        after={"inspection": inspection.pk, "outcome": judged.code, "remediable": judgement.remediable, "cites": sorted(cites)},
    )  # fmt: skip
    return judgement


@public_service
def give_feedback(*, actor: Actor, inspection: Inspection) -> Inspection:
    """The lead ends on-site work with the final feedback meeting: refused until every area has a confirmed grade
    and safeguarding is judged (a visit has none). The school and the team are emailed its provisional outcome."""
    step = transition(actor=actor, action=Action.GIVE_FEEDBACK, inspection=inspection)
    outcome = outcome_of(step.inspection)
    inspection = step.write(
        after={
            "grades": {area.area.code: area.grade.code for area in outcome.areas},
            "safeguarding": outcome.safeguarding.code if outcome.safeguarding else None,
        }
    )
    email_after_commit(*messages.feedback_given(inspection, outcome), school_emails(inspection))
    email_after_commit(*messages.feedback_given(inspection, outcome, to_team=True), team_emails(inspection))
    return inspection


@public_service
def regrade_area(
    *,
    actor: Actor,
    inspection: Inspection,
    area_code: str,
    judgements: Mapping[str, Judgement],
    reason: str,
    rationale: str | None = None,
) -> AreaGrade:
    """A confirmed grade changed after the final feedback (a senior inspector deciding a review of the grades, a
    complaints officer after a complaint upheld) by judging criteria again: the grade becomes the one the
    judgements then support, under the same citation rules. Someone who was on the team cannot."""
    require(actor, CHANGE_GRADES_AFTER_FEEDBACK)
    inspection = _graded(inspection)
    if is_on_team(actor, inspection):
        raise NotPermitted("Grades are changed after feedback by someone who was not on the inspection's team.")
    if inspection.state not in AFTER_FEEDBACK:
        raise WrongState("Grades are changed this way only after the final feedback; until then the lead judges them.")
    area = _area(inspection, area_code)
    reason = REASON.clean(reason, field="reason", what="why the grade changes")
    area_grade = _locked_area_grade(inspection, area)
    before = area_grade.grade.code if area_grade.grade else None
    _write_judgements(area_grade, area, judgements)
    area_grade.grade = _confirmable(area_grade, area, None)
    if rationale is not None:
        area_grade.rationale = REASON.clean(rationale, field="rationale", what="why the area has this grade")
    area_grade.confirmed_at = working_days.now()
    _stamp(area_grade, actor)
    record_event(
        actor=actor, action=GradingEvent.REGRADED, obj=area_grade, reason=reason,
        before={"area": area.code, "grade": before},
        after={"inspection": inspection.pk, "area": area.code, "grade": area_grade.grade.code,
               "judgements": _as_recorded(judgements)},
    )  # fmt: skip
    return area_grade

