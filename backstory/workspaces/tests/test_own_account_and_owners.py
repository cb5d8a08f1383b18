"""Every member manages their own account whatever their role, and a workspace always
keeps an owner: the only owner cannot give up the role (as they cannot leave)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backstory.core.errors import DomainError
from backstory.followups.models import FollowupPrefs
from backstory.workspaces.middleware import SESSION_KEY
from backstory.workspaces.models import Membership, Role
from backstory.workspaces.services import membership_add


def test_the_only_owner_cannot_demote_themselves(personas):
    with pytest.raises(DomainError, match="at least one owner"):
        membership_add(personas.workspace, user=personas.owner, role=Role.EDITOR,
                       by=personas.owner)
    assert Membership.objects.get(workspace=personas.workspace,
                                  user=personas.owner).role == Role.OWNER


def test_the_only_owner_is_told_why_on_the_settings_page(client, personas):
    client.force_login(personas.owner)
    response = client.post(reverse("workspaces:settings"), {
        "add_member": "1", "username": personas.owner.username, "role": Role.VIEWER})
    assert response.status_code == 200
    assert "The only owner cannot take another role." in response.content.decode()
    assert Membership.objects.get(workspace=personas.workspace,
                                  user=personas.owner).role == Role.OWNER


def test_an_owner_can_step_down_once_someone_else_owns_the_workspace(personas):
    membership_add(personas.workspace, user=personas.teammate, role=Role.OWNER,
                   by=personas.owner)
    membership_add(personas.workspace, user=personas.owner, role=Role.EDITOR,
                   by=personas.owner)
    roles = dict(Membership.objects.filter(workspace=personas.workspace)
                 .values_list("user__username", "role"))
    assert roles == {"olivia": Role.EDITOR, "tom": Role.OWNER, "vera": Role.VIEWER}


def test_viewer_can_switch_to_another_workspace_they_belong_to(client, personas):
    membership_add(personas.outsider_workspace, user=personas.viewer, role=Role.VIEWER,
                   by=personas.outsider)
    client.force_login(personas.viewer)
    response = client.post(reverse("workspaces:switch"),
                           {"workspace": personas.outsider_workspace.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == personas.outsider_workspace.pk


def test_viewer_can_manage_their_own_calendar_feed_and_digest(client, personas):
    client.force_login(personas.viewer)
    url = reverse("followups:settings")
    assert client.post(url, {"feed_regenerate": "1"}).status_code == 302
    prefs = FollowupPrefs.objects.get(workspace=personas.workspace, user=personas.viewer)
    assert prefs.feed_token
    response = client.post(url, {"save_digest": "1", "frequency": "weekly", "at": "07:30",
                                 "weekday": "2", "address": "vera@example.com"})
    assert response.status_code == 302
    prefs.refresh_from_db()
    assert (prefs.digest_frequency, prefs.digest_address) == ("weekly", "vera@example.com")
    assert client.post(url, {"feed_revoke": "1"}).status_code == 302
    prefs.refresh_from_db()
    assert not prefs.feed_token
    assert client.post(reverse("followups:goal"), {"weekly_goal": "9"}).status_code == 302
    prefs.refresh_from_db()
    assert prefs.weekly_goal == 9


def test_viewer_still_cannot_change_the_workspace_follow_up_windows(client, personas):
    from backstory.followups.selectors import cadence_defaults

    before = cadence_defaults(personas.workspace)
    client.force_login(personas.viewer)
    data = {"save_cadence": "1"}
    for circle in before:
        data |= {f"min_{circle}": "1", f"max_{circle}": "2"}
    response = client.post(reverse("followups:settings"), data)
    assert "Only an owner" in response.content.decode()
    assert cadence_defaults(personas.workspace) == before
