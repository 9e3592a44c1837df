"""The emails the inspection lifecycle sends: plain words, what happens next, the school's rights and where
to find support. Each function returns (subject, body). What a school reads names only the dates it was told
(`told_starts_on` / `told_ends_on`); the team's the dates as planned now."""


from django.conf import settings

from fairinspect.core.formatting import govuk_date, govuk_datetime, govuk_period
from fairinspect.inspections.models import DeferralRequest, Inspection, NationalHalt, Pause, State

_SIGN_OFF = "School inspections\n(This is an automatic email: replies are not read.)"


def _support() -> str:
    return (
        "Inspections can be stressful. If you or a colleague would like to talk to someone, "
        f"you can call {settings.FAIRINSPECT['SUPPORT_HELPLINE']}."
    )




def _dates(inspection: Inspection) -> str:
    return govuk_period(inspection.starts_on, inspection.ends_on)


def _told_dates(inspection: Inspection) -> str:
    assert inspection.told_starts_on is not None  # only for a school that was told (`school_told_at`)
    return govuk_period(inspection.told_starts_on, inspection.told_ends_on)


def notice_to_school(inspection: Inspection, lead_name: str) -> tuple[str, str]:
    school = inspection.school
    subject = f"{school.name} will be inspected {_dates(inspection)}"
    body = f"""Dear colleagues at {school.name},

This is to confirm our call today: your school will have a {inspection.get_kind_display().lower()} {_dates(inspection)}.
The lead inspector is {lead_name}. They will call you to plan the inspection together, and to hear anything
you want them to know about your school and the people in it.

What you can do
- Ask to defer the inspection if there is a good reason, such as the headteacher being absent, a serious
  incident or bereavement, or major building work. Ask as soon as you can, and before the inspection starts,
  on the school's inspection page. We will tell you our decision quickly.
- Once the inspection has started, the headteacher can ask the lead inspector to pause it, for example
  because of a leader's wellbeing or a serious incident at the school.
- Raise any concern about how the inspection is carried out with the lead inspector straight away; you can
  also raise it with us, during the inspection or afterwards.

{_support()}

{_SIGN_OFF}
"""
    return subject, body


def notice_to_team(inspection: Inspection) -> tuple[str, str]:
    school = inspection.school
    subject = f"Inspection of {school.name} (URN {school.urn}) {_dates(inspection)}: school notified"
    body = f"""The school has been notified of its {inspection.get_kind_display().lower()} {_dates(inspection)}.

School: {school.name}, {', '.join(part for part in (school.town, school.postcode) if part)} (URN {school.urn})
Framework: {inspection.framework.title}

Remember that the school may ask to defer the inspection before it starts, and its headteacher may ask for a
pause once it has started. Look after the wellbeing of the school's staff and leaders, and your own.

{_SIGN_OFF}
"""
    return subject, body


def deferral_decision(request: DeferralRequest) -> tuple[str, str]:
    inspection = request.inspection
    school = inspection.school
    if request.decision == "granted":
        subject = f"Your request to defer the inspection of {school.name} is granted"
        outcome = (
            "We have granted your request. The inspection will not go ahead on the dates we gave. "
            "We will plan it again, and we will call you before it takes place, as we did this time."
        )
    else:
        subject = f"Your request to defer the inspection of {school.name} is refused"
        outcome = (
            f"We have refused your request, so the inspection will go ahead {_told_dates(inspection)}. If the situation "
            "changes, for example because of a serious incident, tell the lead inspector: once the inspection "
            "has started, the headteacher can ask for a pause."
        )
    body = f"""Dear colleagues at {school.name},

You asked us to defer your inspection ({request.get_ground_display().lower()}).

{outcome}

Our reason: {request.decision_reason}

{_support()}

{_SIGN_OFF}
"""
    return subject, body


def pause_to_confirm(inspection: Inspection, pause: Pause) -> tuple[str, str]:
    school = inspection.school
    subject = f"Please confirm: the inspection of {school.name} (URN {school.urn}) has been paused"
    body = f"""{pause.get_paused_by_display()} paused the inspection of {school.name} (URN {school.urn}).

Ground: {pause.get_ground_display()}
Due to end by: {govuk_date(pause.until)}

As a duty decision-maker, confirm the pause, or end it (resume, defer or cancel the inspection), on the
inspection's page.

{_SIGN_OFF}
"""
    return subject, body


def paused(inspection: Inspection, pause: Pause, *, to_school: bool = False) -> tuple[str, str]:
    """For the team and the school, who must know that on-site work has stopped (the duty decision-makers are
    asked to confirm the pause by `pause_to_confirm`)."""
    school = inspection.school
    subject = f"The inspection of {school.name} is paused"
    until = govuk_date(pause.until)
    if to_school:
        next_steps = (
            f"On-site work has stopped, until {until} at the latest. A senior inspector confirms the pause. The lead "
            "inspector will agree with you when the inspection resumes; the days the pause takes are added to its "
            "end."
        )
    else:
        next_steps = (
            f"On-site work has stopped, until {until} at the latest: a duty decision-maker confirms the pause, and "
            "the lead inspector or a duty decision-maker resumes it."
        )
    body = f"""{pause.get_paused_by_display()} paused the inspection of {school.name} (URN {school.urn}).

{next_steps}

{_support()}

{_SIGN_OFF}
"""
    return subject, body


def halted(inspection: Inspection, halt: NationalHalt, *, to_school: bool = False) -> tuple[str, str]:
    """For the school and the team of an inspection a national halt stops (notified, on site or paused)."""
    school = inspection.school
    dates = _told_dates(inspection) if to_school else _dates(inspection)
    if inspection.state == State.NOTIFIED:
        effect = f"Your inspection due {dates} will not start while the halt lasts." if to_school else (
            f"The inspection due {dates} will not start while the halt lasts."
        )
    else:
        effect = "On-site work has stopped: the inspection is paused until the halt is lifted."
    subject = f"Inspections are halted nationally: the inspection of {school.name}"
    body = f"""All school inspections in England are halted from {govuk_datetime(halt.started_at)}.

{effect} We will write again when the halt is lifted.

The reason for the halt: {halt.reason}

{_support()}

{_SIGN_OFF}
"""
    return subject, body


def halt_lifted(inspection: Inspection, halt: NationalHalt, *, to_school: bool = False) -> tuple[str, str]:
    """For the school and the team of an inspection the lifted halt stopped, or that was notified during it."""
    school = inspection.school
    if inspection.state == State.PAUSED:
        effect = (
            "The inspection stays paused until the lead inspector agrees with you when it resumes; the days the pause "
            "took are added to its end." if to_school else
            "The inspection stays paused until its lead inspector or a duty decision-maker resumes it."
        )
    else:
        dates = _told_dates(inspection) if to_school else _dates(inspection)
        effect = (
            f"If your inspection due {dates} cannot go ahead on those dates, we will defer it and call you again."
            if to_school else f"If the inspection due {dates} cannot go ahead on those dates, the scheduling team defers it."
        )
    subject = f"The national halt of inspections is lifted: the inspection of {school.name}"
    body = f"""The national halt of school inspections was lifted on {govuk_datetime(halt.lifted_at)}.

{effect}

The reason given: {halt.lift_reason}

{_SIGN_OFF}
"""
    return subject, body


def resumed(inspection: Inspection) -> tuple[str, str]:
    school = inspection.school
    subject = f"The inspection of {school.name} has resumed: the last day on site is now {govuk_date(inspection.ends_on)}"
    body = f"""On-site work at {school.name} (URN {school.urn}) has resumed after its pause.

The working days the pause took are added to the end of the inspection, which is now {_dates(inspection)}.
Time on site does not count the pause.

{_support()}

{_SIGN_OFF}
"""
    return subject, body


def deferred_or_cancelled(inspection: Inspection, reason: str, *, deferred: bool, to_school: bool = False) -> tuple[str, str]:
    """The team's email, or with `to_school` the school's, which names the dates the school was told."""
    school = inspection.school
    if deferred:
        subject = f"The inspection of {school.name} is deferred"
        outcome = "is deferred. We will plan it again, and we will call you before it takes place."
    else:
        subject = f"The inspection of {school.name} is cancelled"
        outcome = "is cancelled."
    dates = _told_dates(inspection) if to_school else _dates(inspection)
    body = f"""The {inspection.get_kind_display().lower()} of {school.name} that was due {dates} {outcome}

Reason: {reason}

{_support()}

{_SIGN_OFF}
"""
    return subject, body
