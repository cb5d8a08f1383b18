from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.people_list, name="list"),
    path("people/new/", views.person_new, name="new"),
    path("people/suggest/", views.people_suggest, name="suggest"),
    path("people/bulk/", views.people_bulk, name="bulk"),
    path("people/<int:person_id>/", views.person_detail, name="detail"),
    path("people/<int:person_id>/timeline/", views.person_timeline, name="timeline"),
    path("people/<int:person_id>/edit/", views.person_edit, name="edit"),
    path("people/<int:person_id>/archive/", views.person_archive, name="archive"),
    path("people/<int:person_id>/restore/", views.person_restore, name="restore"),
    path("people/<int:person_id>/do-not-contact/", views.person_do_not_contact,
         name="do_not_contact"),
    path("orgs/", views.organization_list, name="organizations"),
    path("orgs/new/", views.organization_new, name="organization_new"),
    path("orgs/<int:organization_id>/", views.organization_detail, name="organization"),
    path("orgs/<int:organization_id>/edit/", views.organization_edit, name="organization_edit"),
    path("orgs/<int:organization_id>/teams/new/", views.team_new, name="team_new"),
    path("teams/<int:team_id>/", views.team_detail, name="team"),
    path("teams/<int:team_id>/edit/", views.team_edit, name="team_edit"),
]
