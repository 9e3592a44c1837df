from django.urls import path

from fairinspect.evidence import views

app_name = "evidence"
urlpatterns = [
    path("inspections/<int:pk>/evidence/", views.evidence_list, name="list"),
    path("inspections/<int:pk>/evidence.csv", views.export, name="export"),
    path("inspections/<int:pk>/evidence/<slug:area_code>/write/", views.write, name="write"),
    path("evidence/attachments/<int:pk>/", views.attachment, name="attachment"),
]
