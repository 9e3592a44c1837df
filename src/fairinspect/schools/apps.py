from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "fairinspect.schools"
    label = "schools"
    verbose_name = "School registry"

    def ready(self):
        from fairinspect.audit.actions import event_names
        from fairinspect.schools.models import SchoolsEvent
        from fairinspect.schools.selectors import SEARCH_MADE_FROM
        from fairinspect.web.caching import PublicPage, public_pages
        from fairinspect.web.navigation import Link, service_navigation

        event_names.register(SchoolsEvent)
        service_navigation.register(Link("Find a school", "schools:search", order=10))
        public_pages.register(PublicPage("schools:search", depends_on=SEARCH_MADE_FROM))
