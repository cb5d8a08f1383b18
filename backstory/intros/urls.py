from django.urls import path

from . import views

app_name = "intros"

urlpatterns = [
    path("intros/", views.intro_list, name="list"),
    path("intros/new/", views.intro_new, name="new"),
    path("intros/chain/", views.chain, name="chain"),
    path("intros/<int:introduction_id>/", views.intro_detail, name="detail"),
    path("intros/<int:introduction_id>/edit/", views.intro_edit, name="edit"),
    path("intros/<int:introduction_id>/step/", views.intro_step, name="step"),
    path("intros/<int:introduction_id>/outcome/", views.intro_outcome, name="outcome"),
    path("intros/<int:introduction_id>/delete/", views.intro_delete, name="delete"),
    path("people/<int:person_id>/ask-intro/", views.intro_request_new, name="request_new"),
    path("intros/requests/<int:request_id>/answer/", views.intro_request_answer,
         name="request_answer"),
    path("opportunities/", views.opportunity_list, name="opportunities"),
    path("opportunities/new/", views.opportunity_new, name="opportunity_new"),
    path("opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity"),
    path("opportunities/<int:opportunity_id>/edit/", views.opportunity_edit,
         name="opportunity_edit"),
    path("opportunities/<int:opportunity_id>/refer/", views.opportunity_refer,
         name="opportunity_refer"),
    path("opportunities/<int:opportunity_id>/close/", views.opportunity_close,
         name="opportunity_close"),
]
