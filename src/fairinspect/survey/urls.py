from django.urls import path

from fairinspect.survey import views

app_name = "survey"
urlpatterns = [
    path("", views.invitations, name="invitations"),
    path("<int:pk>/", views.respond, name="respond"),
]
