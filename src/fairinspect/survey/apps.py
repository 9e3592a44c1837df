from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "fairinspect.survey"
    label = "survey"
    verbose_name = "The impact survey"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.audit.actions import event_names
        from fairinspect.reports.hooks import on_publication
        from fairinspect.survey.invitations import invite_after_publication
        from fairinspect.survey.models import SurveyEvent

        event_names.register(SurveyEvent)
        on_publication.register(invite_after_publication)
        home_links.register(
            HomeLink((permissions.ACT_FOR_A_SCHOOL,), order=75, text="Tell us how your inspection went",
                     url_name="survey:invitations")
        )  # fmt: skip
