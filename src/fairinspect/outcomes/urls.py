from django.urls import path

from fairinspect.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("schools/<int:urn>/", views.school, name="school"),
]
