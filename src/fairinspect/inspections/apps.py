from django.apps import AppConfig
from django.urls import reverse


def assignments_ahead(inspector):
    """The inspections an inspector is on that are ahead or under way, soonest first, as their record lists them."""
    from fairinspect.inspections.models import AHEAD_OR_UNDER_WAY
    from fairinspect.workforce.selectors import Assignment

    members = (
        inspector.assignments.filter(inspection__state__in=AHEAD_OR_UNDER_WAY)
        .select_related("inspection__school")
        .order_by("inspection__starts_on")
    )
    return [
        Assignment(
            school_name=member.inspection.school.name,
            starts_on=member.inspection.starts_on,
            ends_on=member.inspection.ends_on,
            as_lead=member.is_lead,
            state=member.inspection.get_state_display(),
            href=reverse("inspections:detail", args=[member.inspection_id]),
        )
        for member in members
    ]


class InspectionsConfig(AppConfig):
    name = "fairinspect.inspections"
    label = "inspections"
    verbose_name = "Inspections and their lifecycle"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.audit.actions import event_names
        from fairinspect.inspections.eligibility import load_in_term
        from fairinspect.inspections.models import InspectionEvent, LifecycleEvent
        from fairinspect.workforce import selectors as workforce

        workforce.load_in_term.provide(load_in_term)
        event_names.register(InspectionEvent, LifecycleEvent)
        workforce.assignments_ahead.provide(assignments_ahead)

        def link(order: int, text: str, url_name: str, *capabilities) -> HomeLink:
            return HomeLink(capabilities, order=order, text=text, url_name=url_name)

        home_links.register(
            link(10, "Your school's inspections", "inspections:mine", permissions.ACT_FOR_A_SCHOOL),
            link(10, "Your inspections", "inspections:mine", permissions.INSPECT),
            link(10, "National halt of inspections", "inspections:halt", permissions.HALT_INSPECTIONS),
            link(15, "Pauses to decide", "inspections:pauses", permissions.DECIDE_PAUSES),
            link(20, "Inspections by week", "inspections:board", permissions.SEE_EVERY_INSPECTION),
            link(30, "Plan an inspection", "inspections:plan", permissions.PLAN_INSPECTIONS),
            link(40, "Requests to defer", "inspections:deferral-queue", permissions.PLAN_INSPECTIONS),
            link(50, "Standing offers to defer", "inspections:offers", permissions.MANAGE_DEFERRALS),
        )
