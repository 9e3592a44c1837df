from django.urls import path

from fairinspect.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.board_page, name="board"),
    path("yours/", views.mine, name="mine"),
    path("plan/", views.plan, name="plan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/team/", views.assign, name="assign"),
    path("<int:pk>/team/<int:inspector_pk>/remove/", views.unassign, name="unassign"),
    path("<int:pk>/notify/", views.inspection_action, {"page": "notify"}, name="notify"),
    path("<int:pk>/start/", views.inspection_action, {"page": "start"}, name="start"),
    path("<int:pk>/ask-to-defer/", views.inspection_action, {"page": "request-deferral"}, name="request-deferral"),
    path("<int:pk>/pause/", views.inspection_action, {"page": "pause"}, name="pause"),
    path("<int:pk>/pause/confirm/", views.inspection_action, {"page": "confirm-pause"}, name="confirm-pause"),
    path("<int:pk>/resume/", views.inspection_action, {"page": "resume"}, name="resume"),
    path("<int:pk>/defer/", views.inspection_action, {"page": "defer"}, name="defer"),
    path("<int:pk>/replan/", views.inspection_action, {"page": "replan"}, name="replan"),
    path("<int:pk>/cancel/", views.inspection_action, {"page": "cancel"}, name="cancel"),
    path("pauses/", views.pauses_page, name="pauses"),
    path("deferrals/", views.deferral_queue_page, name="deferral-queue"),
    path("deferrals/<int:request_pk>/", views.decide_deferral, name="decide-deferral"),
    path("deferrals/offers/", views.offers, name="offers"),
    path("deferrals/offers/<int:pk>/withdraw/", views.withdraw_offer, name="withdraw-offer"),
    path("national-halt/", views.national_halt, name="halt"),
    path("national-halt/why/", views.halt_notice, name="halt-notice"),
    path("national-halt/lift/", views.lift_halt, name="lift-halt"),
]
