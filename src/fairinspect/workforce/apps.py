from django.apps import AppConfig
from django.urls import reverse


def own_record(user) -> list[tuple[str, str]]:
    # An account made an inspector before its inspector record is added has no record to show yet.
    if not hasattr(user, "inspector"):
        return []
    return [("Your record: training, time away and conflicts of interest", reverse("workforce:detail", args=[user.inspector.pk]))]


class WorkforceConfig(AppConfig):
    name = "fairinspect.workforce"
    label = "workforce"
    verbose_name = "The inspection workforce"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.audit.actions import event_names
        from fairinspect.workforce.models import WorkforceEvent

        event_names.register(WorkforceEvent)
        home_links.register(
            HomeLink((permissions.SEE_EVERY_INSPECTION,), order=60, text="Inspectors", url_name="workforce:list"),
            HomeLink((permissions.INSPECT,), order=70, links_of=own_record),
        )
