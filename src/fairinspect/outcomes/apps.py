from collections import Counter

from django.apps import AppConfig
from django.db import models
from django.urls import reverse


def school_attributes() -> set[str]:
    """The yes/no attributes of a school (has early years, has a sixth form): what a framework's area may apply to."""
    from fairinspect.schools.models import School

    return {field.name for field in School._meta.get_fields() if isinstance(field, models.BooleanField)}


def codes_published(framework) -> Counter[tuple[str, str]]:
    """How many published outcomes under `framework` use each of its area, grade and safeguarding codes."""
    from fairinspect.outcomes.models import HistoricOutcome

    uses: Counter[tuple[str, str]] = Counter()
    published = HistoricOutcome.objects.filter(framework=framework)
    for overall_grade, safeguarding, grades in published.values_list("overall_grade", "safeguarding", "grades").iterator():
        used = {("area", area) for area in grades}
        used |= {("grade", grade) for grade in (overall_grade, *grades.values()) if grade}
        if safeguarding:
            used.add(("safeguarding judgement", safeguarding))
        uses.update(used)
    return uses


def school_page_url(urn: int) -> str:
    return reverse("outcomes:school", args=[urn])


def own_schools_pages(user) -> list[tuple[str, str]]:
    from fairinspect.accounts.selectors import schools_of

    return [(school.name, school_page_url(school.urn)) for school in schools_of(user)]


class OutcomesConfig(AppConfig):
    name = "fairinspect.outcomes"
    label = "outcomes"
    verbose_name = "The published record of inspection outcomes"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.audit.actions import event_names
        from fairinspect.frameworks import files, services
        from fairinspect.outcomes.models import OutcomesEvent
        from fairinspect.outcomes.selectors import SCHOOL_PROFILE_MADE_FROM
        from fairinspect.schools import views
        from fairinspect.web.caching import PublicPage, public_pages

        event_names.register(OutcomesEvent)
        # This app joins the registry and the frameworks, which know nothing of each other.
        files.school_attributes.provide(school_attributes)
        services.code_uses.register(codes_published)
        views.school_page_url.provide(school_page_url)
        home_links.register(HomeLink((permissions.ACT_FOR_A_SCHOOL,), order=80, links_of=own_schools_pages))
        public_pages.register(PublicPage("outcomes:school", depends_on=SCHOOL_PROFILE_MADE_FROM))
