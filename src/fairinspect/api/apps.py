from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fairinspect.api"
    label = "api"
    verbose_name = "The JSON API"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.analytics.figure_tables import FIGURE_TABLES
        from fairinspect.analytics.opendata import Download, downloads
        from fairinspect.outcomes.selectors import SCHOOL_PROFILE_MADE_FROM
        from fairinspect.schools.selectors import SEARCH_MADE_FROM
        from fairinspect.web.caching import PublicPage, public_pages
        from fairinspect.web.navigation import Link, footer_links

        footer_links.register(Link("API documentation", "api:openapi-view", order=20))
        home_links.register(
            HomeLink((permissions.READ_OPEN_DATA,), order=10, text="The API's documentation", url_name="api:openapi-view")
        )
        downloads.register(
            Download("inspections.csv", "api:opendata-inspections-csv", "every published inspection, with the "
                     "inspectorate's own column headings, so it imports back into its tools unchanged, and each "
                     "school's context as the figures group it", order=1),
            Download("inspections as JSON", "api:opendata-inspections", "the same rows, a page at a time", order=2),
            Download("lead-residuals.csv", "api:opendata-lead-residuals", "the consistency figures' input, each lead "
                     "as a pseudonymous code", order=3),
            Download("datapackage.json", "api:opendata-package", "what each column means (a Frictionless Data "
                     "Package), and the audit trail's latest signed checkpoint", order=4),
            *(
                Download(f"{table.name}.csv", "api:opendata-figures", f"{table.title}: the figures of its page, counts "
                         "only", order=5 + number, url_args=(table.name,))
                for number, table in enumerate(FIGURE_TABLES.values())
            ),
        )  # fmt: skip
        public_pages.register(
            PublicPage("api:school-list", depends_on=SEARCH_MADE_FROM),
            PublicPage("api:school-detail", depends_on=SCHOOL_PROFILE_MADE_FROM),
        )
