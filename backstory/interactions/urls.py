from django.urls import path

from . import views

app_name = "interactions"

urlpatterns = [
    path("interactions/", views.interaction_list, name="list"),
    path("interactions/new/", views.interaction_new, name="new"),
    path("interactions/<int:interaction_id>/", views.interaction_detail, name="detail"),
    path("interactions/<int:interaction_id>/edit/", views.interaction_edit, name="edit"),
    path("interactions/<int:interaction_id>/delete/", views.interaction_delete, name="delete"),
    path("actions/", views.action_list, name="actions"),
    path("actions/new/", views.action_new, name="action_new"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/toggle/", views.action_toggle, name="action_toggle"),
    path("actions/<int:action_id>/delete/", views.action_delete, name="action_delete"),
]
