from django.urls import path

from fairinspect.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("due/", views.due, name="due"),
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/weeks/<str:monday>/", views.week, name="week"),
    path("<int:pk>/inspectors/", views.inspectors, name="inspectors"),
    path("<int:pk>/inspections/<int:planned_pk>/", views.planned, name="planned"),
    path("<int:pk>/places/<int:place_pk>/pin/", views.pin, name="pin"),
    path("<int:pk>/places/<int:place_pk>/unpin/", views.unpin, name="unpin"),
    path("<int:pk>/places/<int:place_pk>/remove/", views.remove_place, name="remove-place"),
    path("<int:pk>/run/", views.run_again, name="run"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/new-team-members/", views.repair, name="repair"),
]
