from django.http import JsonResponse
from django.urls import include, path, reverse

from fairinspect.api.assembly import api
from fairinspect.web.views import page_not_found

urlpatterns = [
    path("", include("fairinspect.web.urls")),
    path("", include("fairinspect.schools.urls")),
    path("", include("fairinspect.outcomes.urls")),
    path("account/", include("fairinspect.accounts.urls")),
    path("inspections/", include("fairinspect.inspections.urls")),
    path("", include("fairinspect.evidence.urls")),
    path("", include("fairinspect.grading.urls")),
    path("inspectors/", include("fairinspect.workforce.urls")),
    path("plans/", include("fairinspect.scheduling.urls")),
    path("", include("fairinspect.reports.urls")),
    path("complaints/", include("fairinspect.complaints.urls")),
    path("survey/", include("fairinspect.survey.urls")),
    path("analytics/", include("fairinspect.analytics.urls")),
    path("administration/", include("fairinspect.administration.urls")),
    path("api/v1/", api.urls),
]


def not_found(request, exception=None):
    if request.path.startswith(reverse("api:api-root")):
        # API clients read JSON, also about a path that matches no endpoint.
        return JsonResponse(
            {
                "detail": f"There is no API endpoint at {request.path}; {reverse('api:openapi-view')} documents "
                f"them, and {reverse('api:openapi-json')} describes them."
            },
            status=404,
        )
    return page_not_found(request, exception)


handler400 = "fairinspect.web.views.bad_request"
handler403 = "fairinspect.web.views.permission_denied"
handler404 = not_found
handler500 = "fairinspect.web.views.server_error"
