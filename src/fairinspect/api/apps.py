from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fairinspect.api"
    label = "api"
    verbose_name = "The JSON API"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.outcomes.selectors import SCHOOL_PROFILE_MADE_FROM
        from fairinspect.schools.selectors import SEARCH_MADE_FROM
        from fairinspect.web.caching import PublicPage, public_pages
        from fairinspect.web.navigation import Link, footer_links

        footer_links.register(Link("API documentation", "api:openapi-view", order=20))
        home_links.register(
            HomeLink((permissions.READ_OPEN_DATA,), order=10, text="The API's documentation", url_name="api:openapi-view")
        )
        public_pages.register(
            PublicPage("api:school-list", depends_on=SEARCH_MADE_FROM),
            PublicPage("api:school-detail", depends_on=SCHOOL_PROFILE_MADE_FROM),
        )
