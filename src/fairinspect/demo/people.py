"""The people a newcomer signs in as: one account for every role, all with the same printed password, and
what each should try first."""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from fairinspect.accounts.models import SchoolMembership
from fairinspect.accounts.roles import Role
from fairinspect.accounts.services import create_user
from fairinspect.inspections.models import Inspection, Kind, Pause, PausedBy, State
from fairinspect.schools.models import School

# Printed for everyone to read: the demo's accounts guard nothing.
DEMO_PASSWORD = "fairinspect-demo"
STAFF_EMAIL_DOMAIN = "inspectorate.example"
SCHOOL_EMAIL_DOMAIN = "school.example"
_FIRST_NAMES = (
    "Abigail", "Adam", "Amara", "Ben", "Bethany", "Callum", "Catherine", "Deborah", "Dev", "Eleanor", "Ewan",
    "Farah", "Fiona", "Graham", "Hannah", "Harjit", "Imogen", "Isaac", "Jasmine", "Jonathan", "Kirsty", "Kwame",
    "Laura", "Lewis", "Marcus", "Megan", "Nadia", "Neil", "Olivia", "Owen", "Philippa", "Rajesh", "Rebecca",
    "Ruth", "Samina", "Tom", "Una", "Victoria", "Wen", "Yusuf", "Zoe",
)
_LAST_NAMES = (
    "Ahmed", "Atkinson", "Barker", "Bennett", "Chaudhry", "Coleman", "Dixon", "Edwards", "Fletcher", "Foster",
    "Gill", "Griffiths", "Harrison", "Hussain", "Jenkins", "Kaur", "Lloyd", "Marsh", "Mitchell", "Morgan",
    "Nguyen", "O'Brien", "Osei", "Parry", "Quinn", "Reid", "Saunders", "Sharma", "Stevens", "Turner", "Walsh",
    "Ward", "Webb", "Yates",
)


def random_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: Role

    @property
    def email(self) -> str:
        domain = SCHOOL_EMAIL_DOMAIN if self.role == Role.SCHOOL_USER else STAFF_EMAIL_DOMAIN
        return f"{self.username}@{domain}"


SCHEDULER = DemoAccount("sam.scheduler", "Sam", "Okoro", Role.SCHEDULER)
# The headteacher of the school whose call is due today (the newcomer's walk-through, issue 4).
HEAD_TO_CALL = DemoAccount("hana.head", "Hana", "Iqbal", Role.SCHOOL_USER)
# The headteacher of a school notified this morning: it can ask to defer at once.
HEAD_NOTIFIED = DemoAccount("noor.head", "Noor", "Castellano", Role.SCHOOL_USER)
# The headteacher of a school whose inspection is on site (not the one the lead inspector below leads, so that
# both can pause), who can ask for a pause.
HEAD_ON_SITE = DemoAccount("pat.head", "Pat", "Donnelly", Role.SCHOOL_USER)
# The headteacher of the school whose inspection had its final feedback yesterday.
HEAD_FEEDBACK = DemoAccount("femi.head", "Femi", "Adeyemi", Role.SCHOOL_USER)
# The headteacher of the school whose draft report is with it for the factual-accuracy check.
HEAD_FACTUAL_ACCURACY = DemoAccount("fola.head", "Fola", "Okafor", Role.SCHOOL_USER)
# The headteacher of a school whose complaint was decided last week (not upheld): they can follow it and ask for
# independent adjudication.
HEAD_COMPLAINING = DemoAccount("chris.head", "Chris", "Adeyemi", Role.SCHOOL_USER)
# The HM Inspector leading another inspection on site.
LEAD_INSPECTOR = DemoAccount("liam.lead", "Liam", "Hughes", Role.INSPECTOR)
DUTY_DECISION_MAKER = DemoAccount("dana.duty", "Dana", "Whitfield", Role.DUTY_DECISION_MAKER)
QUALITY_ASSURER = DemoAccount("quinn.qa", "Quinn", "Adebayo", Role.QUALITY_ASSURER)
COMPLAINTS_OFFICER = DemoAccount("cara.complaints", "Cara", "Lindqvist", Role.COMPLAINTS_OFFICER)
RESEARCHER = DemoAccount("rory.researcher", "Rory", "Mensah", Role.RESEARCHER)
ADMINISTRATOR = DemoAccount("ada.admin", "Ada", "Brennan", Role.ADMINISTRATOR)

STAFF = (SCHEDULER, LEAD_INSPECTOR, DUTY_DECISION_MAKER, QUALITY_ASSURER, COMPLAINTS_OFFICER, RESEARCHER, ADMINISTRATOR)
HEADTEACHERS = (HEAD_TO_CALL, HEAD_NOTIFIED, HEAD_ON_SITE)


def create_account(account: DemoAccount, *, school: School | None = None):
    return create_user(
        actor=None,
        username=account.username,
        password=DEMO_PASSWORD,
        roles=[account.role],
        email=account.email,
        first_name=account.first_name,
        last_name=account.last_name,
        school=school,
        is_headteacher=school is not None,
    )


def are_here() -> bool:
    """Whether the demo's people are in the database: a load of the demo began here."""
    return get_user_model().objects.filter(username=SCHEDULER.username).exists()


@dataclass(frozen=True)
class SignIn:
    role: str
    username: str
    password: str
    try_first: str


def _headteachers_schools() -> list[School]:
    """The schools of the demo's headteachers (to call, notified, on site)."""
    school_of = {
        membership.user.username: membership.school
        for membership in SchoolMembership.objects.filter(
            user__username__in=[account.username for account in HEADTEACHERS]
        ).select_related("user", "school")
    }
    return [school_of[account.username] for account in HEADTEACHERS]


def sign_ins() -> list[SignIn]:
    """A sign-in for every role, in the order of the newcomer's walk-through, with what to try first."""
    to_call, notified, on_site = _headteachers_schools()
    fed_back = SchoolMembership.objects.select_related("school").get(user__username=HEAD_FEEDBACK.username).school
    led = (
        Inspection.objects.filter(state=State.ON_SITE, team__is_lead=True, team__inspector__user__username=LEAD_INSPECTOR.username)
        .select_related("school")
        .get()
    )
    waiting = (
        Pause.objects.filter(ended_at__isnull=True, confirmed_at__isnull=True, paused_by=PausedBy.LEAD_INSPECTOR)
        .select_related("inspection__school")
        .order_by("started_at")
        .first()
    )
    confirm = (
        f"Confirm the pause of the inspection of {waiting.inspection.school.name} (Pauses to decide)."
        if waiting
        else "Confirm or end pauses of inspections on site (Pauses to decide)."
    )
    headteacher = f"{Role.SCHOOL_USER.label} (headteacher)"
    # The demo's reports (demo.reports), when the day it was loaded for has them.
    checking = SchoolMembership.objects.select_related("school").filter(user__username=HEAD_FACTUAL_ACCURACY.username).first()
    answer = f" Then answer {checking.school.name}'s comments on its draft report." if checking else ""
    # Not one a complaint holds: its publication is refused until the complaint is decided.
    ready = (
        Inspection.objects.filter(state=State.QUALITY_ASSURANCE)
        .exclude(kind=Kind.PILOT)
        .exclude(complaints__holds_publication=True, complaints__hold_released_at__isnull=True)
        .select_related("school")
        .first()
    )
    assure = (
        f"Open Reports under way: publish the report of {ready.school.name} (or return it to its lead), then search "
        "for the school and read its report card."
        if ready
        else "Find a school and read its published inspection history."
    )
    rows = [
        (SCHEDULER, Role.SCHEDULER.label,
         f"Notify {to_call.name} (URN {to_call.urn}): its call is due today. Then decide requests to defer, and "
         "review next term's plan (Plans of a term's inspections)."),
        (HEAD_TO_CALL, headteacher,
         f"Once the scheduler has notified {to_call.name}, ask to defer its inspection."),
        (HEAD_NOTIFIED, headteacher, f"{notified.name} was notified this morning: ask to defer its inspection."),
        (HEAD_ON_SITE, headteacher, f"Inspectors are at {on_site.name} today: ask for a pause."),
        (HEAD_FEEDBACK, headteacher,
         f"{fed_back.name} had its final feedback yesterday: read its provisional outcome."),
        (LEAD_INSPECTOR, f"{Role.INSPECTOR.label} (lead)",
         f"You lead the inspection on site at {led.school.name}: write evidence, judge an area's criteria, or pause it."
         + answer),
        (DUTY_DECISION_MAKER, Role.DUTY_DECISION_MAKER.label, confirm),
        (QUALITY_ASSURER, Role.QUALITY_ASSURER.label, assure),
        (COMPLAINTS_OFFICER, Role.COMPLAINTS_OFFICER.label,
         "Open Complaints by deadline: decide the overdue complaint, and release or keep the hold on publication."),
        (HEAD_COMPLAINING, headteacher,
         "Follow your school's complaint (Your school's concerns and complaints) and ask for independent adjudication."),
        (RESEARCHER, Role.RESEARCHER.label, "Open Fairness and timeliness figures from your home page; download the "
         "Open data (every page's footer) and make a grade figure again from it."),
        (ADMINISTRATOR, Role.ADMINISTRATOR.label, "Halt all inspections nationally, then lift the halt."),
    ]  # fmt: skip
    if checking:
        rows.insert(5, (HEAD_FACTUAL_ACCURACY, headteacher,
                        f"The draft report of {checking.school.name} is with you: comment on a section, or ask for a "
                        "review of its grades."))  # fmt: skip
    return [SignIn(label, account.username, DEMO_PASSWORD, hint) for account, label, hint in rows]


def newcomer_steps() -> list[str]:
    """Issue 4's walk-through: notify a school, ask to defer as that school, grant it, read the history."""
    to_call = _headteachers_schools()[0]
    return [
        f"Sign in as {SCHEDULER.username}. Open Inspections by week, then {to_call.name}, and notify the school.",
        f"Sign out and sign in as {HEAD_TO_CALL.username}. Open your school's inspection and ask to defer it "
        "(say the headteacher is absent, for example).",
        f"Sign in as {SCHEDULER.username} again. Open Requests to defer, grant the request and give the reason.",
        "The inspection's page now lists each step in its history: planned, team assigned, notified, deferral "
        "requested, deferral granted, with who did it and when.",
    ]
