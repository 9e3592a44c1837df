from django.urls import path

from fairinspect.web import views

app_name = "web"
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("favicon.ico", views.favicon, name="favicon"),
]
