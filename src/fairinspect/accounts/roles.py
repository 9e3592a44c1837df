"""The roles of DOMAIN.md §7. Each is a Django group of the same name; a user may hold several. What each role
may do is in `permissions`."""

from django.db import models


class Role(models.TextChoices):
    SCHOOL_USER = "school_user", "School user"
    INSPECTOR = "inspector", "Inspector"
    SCHEDULER = "scheduler", "Scheduler"
    # A senior inspector on call who confirms pauses of on-site inspections.
    DUTY_DECISION_MAKER = "duty_decision_maker", "Duty decision-maker"
    QUALITY_ASSURER = "quality_assurer", "Quality assurer"
    COMPLAINTS_OFFICER = "complaints_officer", "Complaints officer"
    RESEARCHER = "researcher", "Researcher"
    ADMINISTRATOR = "administrator", "Administrator"


# Each role's section of the home page: its title and what the role is there to do. The links in it are the
# pages apps register for the capabilities the role holds (`home.home_links`).
ROLE_HOME_SECTIONS: dict[Role, tuple[str, str]] = {
    Role.SCHOOL_USER: ("Your school", "See your school's inspections and published reports."),
    Role.INSPECTOR: ("Inspecting", "The inspections you are on, and your record as an inspector."),
    Role.SCHEDULER: (
        "Scheduling",
        "Plan inspections, put teams on them, notify schools and decide requests to defer.",
    ),
    Role.DUTY_DECISION_MAKER: ("Duty decisions", "Confirm or end pauses of inspections that are on site."),
    Role.QUALITY_ASSURER: ("Quality assurance", "Check schools' published inspection history."),
    Role.COMPLAINTS_OFFICER: ("Complaints", "Complaints by deadline, concerns raised during inspections, and learning reviews."),
    Role.RESEARCHER: (
        "Research",
        "The open data API. You see no personal or unpublished information.",
    ),
    Role.ADMINISTRATOR: (
        "Administration",
        "Accounts and their roles, the frameworks as loaded, the audit trail and its export, national halts of "
        "inspections, and the scheduling team's pages.",
    ),
}
