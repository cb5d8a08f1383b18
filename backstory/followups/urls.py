from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("today/people/<int:person_id>/snooze/", views.person_snooze, name="person_snooze"),
    path("today/people/<int:person_id>/unsnooze/", views.person_unsnooze,
         name="person_unsnooze"),
    path("today/actions/<int:action_id>/snooze/", views.action_snooze, name="action_snooze"),
    path("today/actions/<int:action_id>/unsnooze/", views.action_unsnooze,
         name="action_unsnooze"),
    path("today/first-meetings/<int:person_id>/accept/", views.first_meeting_accept,
         name="first_meeting_accept"),
    path("today/first-meetings/<int:person_id>/dismiss/", views.first_meeting_dismiss,
         name="first_meeting_dismiss"),
    path("today/goal/", views.goal_set, name="goal"),
    path("settings/follow-ups/", views.settings_page, name="settings"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
]
