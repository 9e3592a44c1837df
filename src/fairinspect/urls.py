from django.urls import include, path

from fairinspect.api import api

urlpatterns = [
    path("", include("fairinspect.web.urls")),
    path("schools/", include("fairinspect.schools.urls")),
    path("account/", include("fairinspect.accounts.urls")),
    path("inspections/", include("fairinspect.inspections.urls")),
    path("inspectors/", include("fairinspect.workforce.urls")),
    path("api/v1/", api.urls),
]

handler400 = "fairinspect.web.views.bad_request"
handler403 = "fairinspect.web.views.permission_denied"
handler404 = "fairinspect.web.views.page_not_found"
handler500 = "fairinspect.web.views.server_error"
