from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("tips/", views.board, name="board"),
    path("tips/new/", views.tip_new, name="new"),
    path("tips/<int:tip_id>/", views.tip_detail, name="detail"),
    path("tips/<int:tip_id>/edit/", views.tip_edit, name="edit"),
    path("tips/<int:tip_id>/move/", views.tip_move, name="move"),
    path("tips/<int:tip_id>/delete/", views.tip_delete, name="delete"),
    path("tips/<int:tip_id>/thank/", views.tip_thank, name="thank"),
    path("tips/<int:tip_id>/pitch/", views.pitch_new, name="pitch_new"),
    path("pitches/<int:pitch_id>/edit/", views.pitch_edit, name="pitch_edit"),
    path("pitches/<int:pitch_id>/move/", views.pitch_move, name="pitch_move"),
    path("pitches/<int:pitch_id>/coverage/", views.pitch_coverage, name="pitch_coverage"),
    path("pitches/<int:pitch_id>/coverage/remove/", views.pitch_coverage_remove,
         name="pitch_coverage_remove"),
    path("pitches/<int:pitch_id>/delete/", views.pitch_delete, name="pitch_delete"),
    path("sources/", views.sources, name="sources"),
]
