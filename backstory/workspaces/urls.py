from django.urls import path

from . import views

app_name = "workspaces"

urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signout/", views.signout, name="signout"),
    path("signin/link/<str:token>/", views.signin_link, name="signin_link"),
    path("account/password/", views.password, name="password"),
    path("workspace/switch/", views.switch, name="switch"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/members/<int:membership_id>/remove/", views.member_remove,
         name="member_remove"),
    path("settings/invitations/<int:invitation_id>/revoke/", views.invitation_revoke,
         name="invitation_revoke"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
