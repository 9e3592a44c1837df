from django.urls import path

from fairinspect.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.index, name="index"),
    path("grades/", views.grades, name="grades"),
    path("consistency/", views.consistency, name="consistency"),
    path("timeliness/", views.timeliness, name="timeliness"),
    path("rates/", views.rates, name="rates"),
    path("survey/", views.survey, name="survey"),
    path("open-data/", views.opendata, name="opendata"),
]
