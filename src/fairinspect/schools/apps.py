from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "fairinspect.schools"
    label = "schools"
    verbose_name = "School registry"

    def ready(self):
        from fairinspect.schools.selectors import SEARCH_MADE_FROM
        from fairinspect.web.caching import PublicPage, public_pages
        from fairinspect.web.navigation import Link, service_navigation

        service_navigation.register(Link("Find a school", "schools:search", order=10))
        public_pages.register(PublicPage("schools:search", depends_on=SEARCH_MADE_FROM))
