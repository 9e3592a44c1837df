"""The roles of DOMAIN.md §7. Each is a Django group of the same name; a user may hold several."""

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
