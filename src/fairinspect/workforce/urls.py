from django.urls import path

from fairinspect.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.inspector_list_page, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/reinstate/", views.reinstate, name="reinstate"),
]
