from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "fairinspect.scheduling"
    label = "scheduling"
    verbose_name = "Planning a term's inspections"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links

        home_links.register(
            HomeLink((permissions.PLAN_INSPECTIONS,), order=25, text="Plans of a term's inspections", url_name="scheduling:plans"),
            HomeLink((permissions.PLAN_INSPECTIONS,), order=26, text="Who is due an inspection", url_name="scheduling:due"),
        )
