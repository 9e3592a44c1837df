from django.urls import path

from fairinspect.web import views

app_name = "web"
urlpatterns = [
    path("", views.start, name="start"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
