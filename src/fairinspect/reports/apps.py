from django.apps import AppConfig
from django.urls import reverse


def report_card_url(inspection_number: str) -> str:
    return reverse("reports:card", args=[inspection_number])


class ReportsConfig(AppConfig):
    name = "fairinspect.reports"
    label = "reports"
    verbose_name = "Reports: drafts, factual accuracy, quality assurance, publication and report cards"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.frameworks.models import FRAMEWORKS_VERSION
        from fairinspect.inspections.lifecycle import Action, further_conditions
        from fairinspect.outcomes import selectors as outcomes
        from fairinspect.outcomes.models import PUBLISHED_RECORD_VERSION
        from fairinspect.reports import conditions
        from fairinspect.schools.models import REGISTRY_VERSION
        from fairinspect.web.caching import PublicPage, public_pages

        outcomes.report_card_url.provide(report_card_url)
        further_conditions.register(
            (Action.SEND_FOR_FACTUAL_ACCURACY, conditions.not_yet_checked_by_the_school),
            (Action.COMMENT_ON_FACTS, conditions.school_may_comment),
            (Action.FINISH_COMMENTING, conditions.school_may_comment),
            (Action.REQUEST_REVIEW, conditions.school_may_ask_for_review),
            (Action.DECIDE_REVIEW, conditions.a_review_waits),
            (Action.ANSWER_COMMENT, conditions.a_comment_waits),
            (Action.SEND_TO_QUALITY_ASSURANCE, conditions.ready_for_quality_assurance),
            (Action.PUBLISH, conditions.no_publication_hold),
        )
        # A report card is made from its frozen version, the school's history (the published record), the registry
        # and the frameworks that name the grades.
        made_from = (PUBLISHED_RECORD_VERSION, REGISTRY_VERSION, FRAMEWORKS_VERSION)
        public_pages.register(
            PublicPage("reports:card", depends_on=made_from), PublicPage("reports:card-version", depends_on=made_from)
        )
        home_links.register(
            HomeLink((permissions.SEE_EVERY_INSPECTION,), order=22, text="Reports under way", url_name="reports:under-way"),
            HomeLink((permissions.QUALITY_ASSURE,), order=22, text="Reports under way", url_name="reports:under-way"),
        )
