from django.urls import path

from fairinspect.schools import views

app_name = "schools"
urlpatterns = [
    path("", views.start, name="start"),
    path("schools/", views.search, name="search"),
]
