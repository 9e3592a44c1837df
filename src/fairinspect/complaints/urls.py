from django.urls import path

from fairinspect.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("inspections/<int:pk>/concern/", views.raise_concern, name="raise-concern"),
    path("inspections/<int:pk>/complaint/", views.make_complaint, name="make-complaint"),
    path("concerns/", views.concerns, name="concerns"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("concerns/<int:pk>/answer/", views.answer_concern, name="answer-concern"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/", views.complaint, name="complaint"),
    path("<int:pk>/take/", views.take_complaint, name="take"),
    path("<int:pk>/escalate/", views.complaint_action, {"page": "escalate"}, name="escalate"),
    path("<int:pk>/decide/", views.complaint_action, {"page": "decide"}, name="decide"),
    path("<int:pk>/release-hold/", views.complaint_action, {"page": "release-hold"}, name="release-hold"),
    path("<int:pk>/reinspection/", views.complaint_action, {"page": "reinspection"}, name="reinspection"),
    path("<int:pk>/amend/", views.complaint_action, {"page": "amend"}, name="amend"),
    path("<int:pk>/grades/<slug:area_code>/change/", views.regrade, name="regrade"),
    path("<int:pk>/refer/", views.complaint_action, {"page": "refer"}, name="refer"),
    path("<int:pk>/recommendations/", views.complaint_action, {"page": "recommendation"}, name="recommendation"),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/answer/",
        views.answer_recommendation,
        name="answer-recommendation",
    ),
    path("declined-recommendations/", views.declined_recommendations, name="declined-recommendations"),
    path("learning-reviews/", views.reviews, name="reviews"),
    path("learning-reviews/incident/", views.record_incident, name="record-incident"),
    path("learning-reviews/incidents/<int:pk>/commission/", views.commission_review, name="commission-review"),
    path("learning-reviews/<int:pk>/", views.review, name="review"),
    path("learning-reviews/<int:pk>/findings/", views.review_action, {"page": "findings"}, name="review-findings"),
    path("learning-reviews/<int:pk>/actions/", views.review_action, {"page": "action"}, name="review-action"),
    path("learning-reviews/<int:pk>/publish/", views.review_action, {"page": "publish"}, name="review-publish"),
    path("learning-reviews/published/", views.published_summaries, name="summaries"),
    path("learning-reviews/published/<int:pk>/", views.published_summary, name="summary"),
]
