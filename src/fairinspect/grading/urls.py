from django.urls import path

from fairinspect.grading import views

app_name = "grading"
urlpatterns = [
    path("inspections/<int:pk>/grades/", views.sheet, name="sheet"),
    path("inspections/<int:pk>/grades/safeguarding/", views.safeguarding, name="safeguarding"),
    path("inspections/<int:pk>/grades/<slug:area_code>/", views.area_page, name="area"),
    path("inspections/<int:pk>/grades/<slug:area_code>/propose/", views.propose, name="propose"),
    path("inspections/<int:pk>/grades/<slug:area_code>/change/", views.regrade, name="regrade"),
    path("inspections/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("inspections/<int:pk>/provisional-outcome/", views.provisional, name="provisional"),
]
