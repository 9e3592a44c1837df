from django.urls import path

from fairinspect.administration import views

app_name = "administration"
urlpatterns = [
    path("accounts/", views.users, name="users"),
    path("accounts/new/", views.create_user, name="user-create"),
    path("accounts/<int:pk>/", views.user, name="user"),
    path("accounts/<int:pk>/roles/", views.change_roles, name="user-roles"),
    path("accounts/<int:pk>/switch-off/", views.deactivate, name="user-deactivate"),
    path("accounts/<int:pk>/switch-on/", views.reactivate, name="user-reactivate"),
    path("accounts/<int:pk>/schools/", views.add_membership, name="membership-add"),
    path("accounts/<int:pk>/schools/<int:membership_pk>/remove/", views.remove_membership, name="membership-remove"),
    path("frameworks/", views.frameworks, name="frameworks"),
    path("frameworks/<slug:code>/", views.framework, name="framework"),
    path("audit-trail/", views.audit_trail, name="audit"),
    path("audit-trail/export.csv", views.audit_export_csv, name="audit-export-csv"),
    path("audit-trail/export.json", views.audit_export_json, name="audit-export-json"),
]
