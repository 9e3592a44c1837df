from django.conf import settings
from django.db import models


class AccountsEvent(models.TextChoices):
    CREATED = "account.created", "Account created"
    DEACTIVATED = "account.deactivated", "Account switched off"
    REACTIVATED = "account.reactivated", "Account switched back on"
    ROLES_CHANGED = "account.roles_changed", "Roles changed"
    MEMBERSHIP_ADDED = "account.membership_added", "Now acts for a school"
    MEMBERSHIP_REMOVED = "account.membership_removed", "No longer acts for a school"


class SchoolMembership(models.Model):
    """A school user's link to the school they act for. Object-level rules read this, never a view."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="memberships")
    is_headteacher = models.BooleanField(
        default=False, help_text="The headteacher may ask for a pause; there is at most one per school."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_membership_per_user_and_school"),
            models.UniqueConstraint(
                fields=["school"], condition=models.Q(is_headteacher=True), name="one_headteacher_per_school"
            ),
        ]

    def __str__(self):
        return f"{self.user} at {self.school_id}{' (headteacher)' if self.is_headteacher else ''}"
