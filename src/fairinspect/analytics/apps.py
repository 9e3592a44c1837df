from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "fairinspect.analytics"
    label = "analytics"
    verbose_name = "Figures on fairness and timeliness; open data"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.audit.actions import event_names
        from fairinspect.analytics.models import AnalyticsEvent
        from fairinspect.web.navigation import Link, footer_links

        event_names.register(AnalyticsEvent)
        footer_links.register(Link("Open data", "analytics:opendata", order=25))
        home_links.register(
            HomeLink((permissions.SEE_ANALYTICS,), order=5, text="Fairness and timeliness figures",
                     url_name="analytics:index"),
            HomeLink((permissions.READ_OPEN_DATA,), order=6, text="Open data", url_name="analytics:opendata"),
        )  # fmt: skip
