from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "fairinspect.complaints"
    label = "complaints"
    verbose_name = "Concerns, complaints, adjudication and learning reviews"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.audit.actions import event_names
        from fairinspect.complaints.models import ComplaintEvent
        from fairinspect.complaints.selectors import publication_hold
        from fairinspect.reports.hooks import publication_holds
        from fairinspect.web.navigation import Link, footer_links

        event_names.register(ComplaintEvent)
        publication_holds.register(publication_hold)
        # What the inspectorate declined to do and what it learned are public, and found from every page.
        footer_links.register(
            Link("Recommendations we declined", "complaints:declined-recommendations", order=30),
            Link("Learning reviews", "complaints:summaries", order=31),
        )

        def link(order: int, text: str, url_name: str, *capabilities) -> HomeLink:
            return HomeLink(capabilities, order=order, text=text, url_name=url_name)

        home_links.register(
            link(60, "Your school's concerns and complaints", "complaints:mine", permissions.ACT_FOR_A_SCHOOL),
            link(16, "Concerns to answer", "complaints:concerns", permissions.DECIDE_PAUSES),
            link(10, "Complaints by deadline", "complaints:queue", permissions.HANDLE_COMPLAINTS),
            link(11, "Concerns raised during inspections", "complaints:concerns", permissions.HANDLE_COMPLAINTS),
            link(
                62, "Learning reviews", "complaints:reviews",
                permissions.MANAGE_LEARNING_REVIEWS, permissions.CONDUCT_LEARNING_REVIEWS,
            ),
        )
