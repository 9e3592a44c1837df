from django.urls import path

from fairinspect.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.inspector_list_page, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/reinstate/", views.reinstate, name="reinstate"),
    path("<int:pk>/training/add/", views.record_page, {"page": "add-training"}, name="add-training"),
    path("<int:pk>/training/<int:record_pk>/remove/", views.record_page, {"page": "remove-training"},
         name="remove-training"),
    path("<int:pk>/time-away/add/", views.record_page, {"page": "add-unavailability"}, name="add-unavailability"),
    path("<int:pk>/time-away/<int:record_pk>/remove/", views.record_page, {"page": "remove-unavailability"},
         name="remove-unavailability"),
    path("<int:pk>/conflicts/add/", views.record_page, {"page": "declare-conflict"}, name="declare-conflict"),
    path("<int:pk>/conflicts/<int:record_pk>/withdraw/", views.record_page, {"page": "withdraw-conflict"},
         name="withdraw-conflict"),
    path("<int:pk>/schools-worked-at/add/", views.record_page, {"page": "add-school-worked-at"},
         name="add-school-worked-at"),
    path("<int:pk>/schools-worked-at/<int:record_pk>/left/", views.record_page, {"page": "left-school"},
         name="left-school"),
]
