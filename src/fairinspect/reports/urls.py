from django.urls import path

from fairinspect.reports import views

app_name = "reports"
urlpatterns = [
    # Public: the report cards of published inspections, every version and its PDF.
    path("reports/<str:inspection_number>/", views.card, name="card"),
    path("reports/<str:inspection_number>/versions/<int:number>/", views.card_version, name="card-version"),
    path("reports/<str:inspection_number>/versions/<int:number>/pdf/", views.card_pdf, name="card-pdf"),
    # Under embargo: the report being written, checked and approved.
    path("reports-under-way/", views.under_way, name="under-way"),
    path("inspections/<int:inspection_id>/report/", views.report, name="report"),
    *(
        path(f"inspections/<int:inspection_id>/report/{page}/", views.report_action, {"page": page}, name=page)
        for page in views.ACTION_PAGES
        if page != "answer"
    ),
    path(
        "inspections/<int:inspection_id>/report/comments/<int:comment_id>/answer/",
        views.report_action,
        {"page": "answer"},
        name="answer",
    ),
]
