"""Every write path keeps every stored derived value right and bumps the workspace's data
version — and a new writer cannot be added without being listed here.

``WRITE_PATHS`` names every public function of every app's services modules that writes
(each service, import commit, undo, merge, restore, each bulk action, quick-log, the
demo); ``NOT_WRITERS`` names the others, with the reason. The discovery test fails on a
function in neither list. Each path is performed on a small workspace that has a bit of
everything; afterwards every stored derived value of ``core.derived.DERIVED`` equals a
fresh computation, and the data version went up.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date, time, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone

import backstory
from backstory.bench.network import build_network
from backstory.core.derived import DERIVED
from backstory.core.errors import DomainError
from backstory.demo import seed_demo
from backstory.demo import services as demo_services
from backstory.desk import services as desk
from backstory.followups import services as followups
from backstory.followups.cadence import Window
from backstory.followups.tests.test_stored_values import (
    assert_relationships_are_fresh,
    assert_stored_values_are_fresh,
)
from backstory.interactions import services as interactions
from backstory.interactions.models import ActionItem
from backstory.intros import services as intros
from backstory.intros.terms import person_terms
from backstory.people import bulk, normalize
from backstory.people import services as people
from backstory.people.models import Person, PersonWord
from backstory.people.names import name_tokens
from backstory.stories import services as stories
from backstory.testing import make_interaction, make_person
from backstory.transfer.services import backup, imports, merge, undo
from backstory.webhooks import services as webhooks
from backstory.workspaces import services as workspaces
from backstory.workspaces.models import Role, Workspace

TODAY = date.today()


class World:
    """A workspace with a bit of everything, written through the services."""

    def __init__(self, owner, teammate):
        self.owner, self.teammate = owner, teammate
        self.ws = workspaces.workspace_create(name="Paths", owner=owner,
                                              time_zone="Europe/London")
        now = timezone.now()
        self.acme = people.organization_create(self.ws, by=owner, name="Acme")
        self.team = people.team_create(self.ws, by=owner, organization=self.acme, name="Comms")
        self.dana = make_person(self.ws, "Dana Reyes", by=owner, circle="internal",
                                wants="a fintech role", tags=["launch"])
        self.sam = make_person(self.ws, "Sam Ortiz", by=owner, circle="media",
                               offers="speaking slots")
        self.lee = make_person(self.ws, "Lee Park", by=owner, circle="customer")
        self.touch = make_interaction(self.ws, [self.dana, self.sam], by=owner,
                                      kind="coffee", when=now - timedelta(days=40))
        # A team: the teammate's own touch with the owner there, and one nobody is
        # recorded in (it counts for the owners).
        workspaces.membership_add(self.ws, user=teammate, role=Role.EDITOR, by=owner)
        make_interaction(self.ws, [self.sam], by=teammate, kind="meal",
                         when=now - timedelta(days=20), members=[owner])
        make_interaction(self.ws, [self.lee], by=None, kind="email",
                         when=now - timedelta(days=70))
        followups.followup_snooze(self.ws, by=teammate, person=self.sam,
                                  until=TODAY + timedelta(days=5), today=TODAY)
        self.item = interactions.action_item_create(self.ws, by=owner, text="Send the deck",
                                                    person=self.dana, due_on=TODAY)
        self.tip = stories.tip_create(self.ws, by=owner, data=stories.TipFields(
            title="Customer launch", kind="news", heard_on=TODAY, sources=[self.dana]))
        self.pitch = stories.pitch_create(self.ws, by=owner, tip=self.tip,
                                          journalist=self.sam, angle="Launch story")
        self.intro = intros.introduction_start(self.ws, by=owner, person_a=self.dana,
                                               person_b=self.lee, reason="Both in fintech")
        self.opportunity = intros.opportunity_create(self.ws, by=owner,
                                                     data=intros.OpportunityFields(
                                                         kind="job", title="Fintech role"))

    def person_fields(self, person: Person, **changes) -> people.PersonFields:
        data = people.PersonFields(name=person.name, circle=person.circle)
        for key, value in changes.items():
            setattr(data, key, value)
        return data


def _import(w: World):
    data = (b"Name,Email,Title\nDana Reyes,dana@example.org,Head of comms\n"
            b"New Person,new@example.org,Reporter\n")
    return imports.import_file(w.ws, by=w.owner, data=data, name="people.csv")


MEETINGS = (Path(backstory.__file__).parent / "transfer" / "tests" / "fixtures"
            / "meetings.ics")


def _import_touches(w: World):
    return imports.import_file(w.ws, by=w.owner, data=MEETINGS.read_bytes(),
                               name="meetings.ics")


def _restore(w: World):
    out = BytesIO()
    backup.backup_write(w.ws, out)
    target = workspaces.workspace_create(name="Restored", owner=w.owner)
    backup.backup_restore(target, by=w.owner, data=out.getvalue())
    return target


def _built(w: World) -> Workspace:
    target = workspaces.workspace_create(name="Built", owner=w.owner)
    build_network(target, 30)
    return target


def _quicklog(w: World, line: str):
    return desk.quicklog_commit(w.ws, by=w.owner, line=line, now=timezone.now())


# Each writer (module.function) → how a user performs it. A driver may return another
# workspace when that is the one written (a restore fills a new, empty one).
def _ask(w: World):
    """The owner asks the teammate (made a member first) to introduce Dana to Sam."""
    workspaces.membership_add(w.ws, user=w.teammate, role=Role.EDITOR, by=w.owner)
    return intros.intro_request_create(w.ws, by=w.owner, person=w.sam, for_person=w.dana,
                                       asked=w.teammate, note="Dana covers fintech")


WRITE_PATHS = {
    # people
    "people.services.person_create": lambda w: make_person(w.ws, "Ada New", by=w.owner,
                                                           wants="a board seat"),
    "people.services.person_update": lambda w: people.person_update(
        w.ws, by=w.owner, person=w.dana, data=w.person_fields(
            w.dana, name="Dana Reyes-Ortiz", circle="mentee", wants="a CFO role",
            cadence_min_days=3, cadence_max_days=9)),
    "people.services.person_archive": lambda w: people.person_archive(w.ws, by=w.owner,
                                                                      person=w.dana),
    "people.services.person_restore": lambda w: (
        people.person_archive(w.ws, by=w.owner, person=w.dana),
        people.person_restore(w.ws, by=w.owner, person=w.dana)),
    "people.services.person_do_not_contact_set": lambda w: people.person_do_not_contact_set(
        w.ws, by=w.owner, person=w.dana, reason="Asked us not to call"),
    "people.services.person_do_not_contact_clear": lambda w: (
        people.person_do_not_contact_set(w.ws, by=w.owner, person=w.dana, reason="For now"),
        people.person_do_not_contact_clear(w.ws, by=w.owner, person=w.dana)),
    "people.services.organization_create": lambda w: people.organization_create(
        w.ws, by=w.owner, name="Globex"),
    "people.services.organization_get_or_create": lambda w: (
        people.organization_get_or_create(w.ws, by=w.owner, name="Initech")),
    "people.services.organization_update": lambda w: people.organization_update(
        w.ws, by=w.owner, organization=w.acme, name="Acme Inc", kind=w.acme.kind,
        is_own=False),
    "people.services.team_create": lambda w: people.team_create(
        w.ws, by=w.owner, organization=w.acme, name="Legal"),
    "people.services.team_update": lambda w: people.team_update(
        w.ws, by=w.owner, team=w.team, name="Communications", leader=None),
    "people.bulk.people_bulk_tag": lambda w: bulk.people_bulk_tag(
        w.ws, by=w.owner, person_ids=[w.sam.pk, w.lee.pk], tags=["press"]),
    "people.bulk.people_bulk_set_circle": lambda w: bulk.people_bulk_set_circle(
        w.ws, by=w.owner, person_ids=[w.dana.pk, w.lee.pk], circle="mentor"),
    "people.bulk.people_bulk_archive": lambda w: bulk.people_bulk_archive(
        w.ws, by=w.owner, person_ids=[w.dana.pk]),
    # interactions and quick-log
    "interactions.services.interaction_log": lambda w: make_interaction(
        w.ws, [w.lee], by=w.owner, kind="video", when=timezone.now() - timedelta(days=2)),
    "interactions.services.interactions_log_bulk": lambda w: interactions.interactions_log_bulk(
        w.ws, by=w.owner, items=[interactions.InteractionFields(
            kind="call", occurred_at=timezone.now() - timedelta(days=1), people=[w.lee.pk, w.sam],
            tags=["press"])]),
    "interactions.services.interaction_update": lambda w: interactions.interaction_update(
        w.ws, by=w.owner, interaction=w.touch, data=interactions.InteractionFields(
            kind="email", occurred_at=timezone.now() - timedelta(days=3), people=[w.lee])),
    "interactions.services.interaction_delete": lambda w: interactions.interaction_delete(
        w.ws, by=w.owner, interaction=w.touch),
    "interactions.services.action_item_create": lambda w: interactions.action_item_create(
        w.ws, by=w.owner, text="Call back", person=w.lee),
    "interactions.services.action_item_update": lambda w: interactions.action_item_update(
        w.ws, by=w.owner, item=w.item, text="Send the new deck", due_on=None, person=w.sam),
    "interactions.services.action_item_set_done": lambda w: (
        interactions.action_item_set_done(w.ws, by=w.owner, item=w.item, done=True)),
    "interactions.services.action_item_delete": lambda w: interactions.action_item_delete(
        w.ws, by=w.owner, item=w.item),
    "desk.services.quicklog_commit": lambda w: _quicklog(
        w, "coffee with Lee yesterday, follow up in 3 days"),
    # follow-ups
    "followups.services.followup_snooze": lambda w: followups.followup_snooze(
        w.ws, by=w.owner, person=w.dana, until=TODAY + timedelta(days=9), today=TODAY),
    "followups.services.followup_snooze_restore": lambda w: followups.followup_snooze_restore(
        w.ws, by=w.owner, person=w.dana, previous=TODAY + timedelta(days=2)),
    "followups.services.relationship_window_set": lambda w: (
        followups.relationship_window_set(w.ws, by=w.teammate, person=w.lee, min_days=2,
                                          max_days=4, off=False)),
    "followups.services.action_item_snooze": lambda w: followups.action_item_snooze(
        w.ws, by=w.owner, item=w.item, until=TODAY + timedelta(days=4), today=TODAY),
    "followups.services.first_meeting_accept": lambda w: (
        make_interaction(w.ws, [w.lee], by=w.owner, kind="coffee",
                         when=timezone.now() - timedelta(hours=20)),
        followups.first_meeting_accept(w.ws, by=w.owner, person=w.lee, today=TODAY)),
    "followups.services.first_meeting_dismiss": lambda w: followups.first_meeting_dismiss(
        w.ws, by=w.owner, person=w.lee),
    "followups.services.cadence_defaults_update": lambda w: (
        followups.cadence_defaults_update(w.ws, by=w.owner,
                                          windows={"internal": Window(3, 5, False)})),
    "followups.services.weekly_goal_set": lambda w: followups.weekly_goal_set(
        w.ws, by=w.owner, goal=7),
    "followups.services.digest_settings_update": lambda w: followups.digest_settings_update(
        w.ws, by=w.owner, data=followups.DigestSettings(frequency="daily", at=time(8),
                                                     address="me@example.org")),
    "followups.services.feed_token_regenerate": lambda w: followups.feed_token_regenerate(
        w.ws, by=w.owner),
    "followups.services.feed_token_revoke": lambda w: (
        followups.feed_token_regenerate(w.ws, by=w.owner),
        followups.feed_token_revoke(w.ws, by=w.owner)),
    # stories
    "stories.services.tips.tip_create": lambda w: stories.tip_create(
        w.ws, by=w.owner, data=stories.TipFields(title="Award", kind="news", heard_on=TODAY,
                                                 sources=[w.lee])),
    "stories.services.tips.tip_update": lambda w: stories.tip_update(
        w.ws, by=w.owner, tip=w.tip, data=stories.TipFields(
            title="Customer launch, day two", kind="news", heard_on=TODAY, sources=[w.lee])),
    "stories.services.tips.tip_move": lambda w: stories.tip_move(
        w.ws, by=w.owner, tip=w.tip, status="researching"),
    "stories.services.tips.tip_delete": lambda w: (
        stories.pitch_delete(w.ws, by=w.owner, pitch=w.pitch),
        stories.tip_delete(w.ws, by=w.owner, tip=w.tip)),
    "stories.services.tips.tip_create_from_quicklog": lambda w: _quicklog(
        w, "coffee with Lee Park: new product ships in May #tip"),
    "stories.services.tips.tip_thank_source": lambda w: (
        stories.pitch_move(w.ws, by=w.owner, pitch=w.pitch, status="sent"),
        stories.pitch_record_coverage(w.ws, by=w.owner, pitch=w.pitch, outlet="The Paper",
                                      published_on=TODAY),
        stories.tip_thank_source(w.ws, by=w.owner, tip=w.tip, person=w.dana)),
    "stories.services.pitches.pitch_create": lambda w: stories.pitch_create(
        w.ws, by=w.owner, tip=w.tip, journalist=w.lee, angle="Another angle"),
    "stories.services.pitches.pitch_update": lambda w: stories.pitch_update(
        w.ws, by=w.owner, pitch=w.pitch, angle="A sharper angle", follow_up_days=5),
    "stories.services.pitches.pitch_move": lambda w: stories.pitch_move(
        w.ws, by=w.owner, pitch=w.pitch, status="sent"),
    "stories.services.pitches.pitch_record_coverage": lambda w: (
        stories.pitch_move(w.ws, by=w.owner, pitch=w.pitch, status="sent"),
        stories.pitch_record_coverage(w.ws, by=w.owner, pitch=w.pitch, outlet="The Paper",
                                      published_on=TODAY)),
    "stories.services.pitches.pitch_remove_coverage": lambda w: (
        stories.pitch_move(w.ws, by=w.owner, pitch=w.pitch, status="sent"),
        stories.pitch_record_coverage(w.ws, by=w.owner, pitch=w.pitch, outlet="The Paper",
                                      published_on=TODAY),
        stories.pitch_remove_coverage(w.ws, by=w.owner, pitch=w.pitch)),
    "stories.services.pitches.pitch_delete": lambda w: stories.pitch_delete(
        w.ws, by=w.owner, pitch=w.pitch),
    # introductions and opportunities
    "intros.services.introduction_start": lambda w: intros.introduction_start(
        w.ws, by=w.owner, person_a=w.sam, person_b=w.lee, reason="Both like podcasts"),
    "intros.services.introduction_start_from_quicklog": lambda w: _quicklog(
        w, "intro Sam to Lee"),
    "intros.services.introduction_update": lambda w: intros.introduction_update(
        w.ws, by=w.owner, introduction=w.intro, reason="Both in payments"),
    "intros.services.introduction_step": lambda w: intros.introduction_step(
        w.ws, by=w.owner, introduction=w.intro, step="ask_a"),
    "intros.services.introduction_record_outcome": lambda w: (
        *[intros.introduction_step(w.ws, by=w.owner, introduction=w.intro, step=step)
          for step in ("ask_a", "a_agreed", "ask_b", "introduce")],
        intros.introduction_record_outcome(w.ws, by=w.owner, introduction=w.intro,
                                           outcome="connected")),
    "intros.services.introduction_delete": lambda w: intros.introduction_delete(
        w.ws, by=w.owner, introduction=w.intro),
    "intros.services.intro_request_create": _ask,
    "intros.services.intro_request_accept": lambda w: intros.intro_request_accept(
        w.ws, by=w.teammate, request=_ask(w)),
    "intros.services.intro_request_decline": lambda w: intros.intro_request_decline(
        w.ws, by=w.teammate, request=_ask(w), note="Sam is on leave"),
    "intros.services.opportunity_create": lambda w: intros.opportunity_create(
        w.ws, by=w.owner, data=intros.OpportunityFields(kind="speaking", title="Keynote")),
    "intros.services.opportunity_update": lambda w: intros.opportunity_update(
        w.ws, by=w.owner, opportunity=w.opportunity, data=intros.OpportunityFields(
            kind="job", title="Fintech role, senior")),
    "intros.services.opportunity_close": lambda w: intros.opportunity_close(
        w.ws, by=w.owner, opportunity=w.opportunity, closed=True),
    "intros.services.opportunity_refer": lambda w: intros.opportunity_refer(
        w.ws, by=w.owner, opportunity=w.opportunity, person=w.dana, how="action"),
    # workspaces and the demo
    "workspaces.services.workspace_update": lambda w: workspaces.workspace_update(
        w.ws, by=w.owner, name="Paths", time_zone="Pacific/Auckland"),
    "workspaces.services.membership_add": lambda w: workspaces.membership_add(
        w.ws, user=w.teammate, role=Role.OWNER, by=w.owner),
    "workspaces.services.membership_remove": lambda w: workspaces.membership_remove(
        w.ws, by=w.owner, membership=workspaces.membership_add(
            w.ws, user=w.teammate, role=Role.OWNER, by=w.owner)),
    "workspaces.services.invitation_create": lambda w: _invited(w),
    "workspaces.services.invitation_revoke": lambda w: workspaces.invitation_revoke(
        w.ws, invitation=_invited(w).invitation, by=w.owner),
    "workspaces.services.invitation_accept": lambda w: workspaces.invitation_accept(
        token=_token(_invited(w)), user=w.teammate),
    "workspaces.services.invitation_accept_new_account":
        lambda w: workspaces.invitation_accept_new_account(
            token=_token(_invited(w)), username="newcomer", password="a long pass phrase 42"),
    "people.services.owned_people_hand_over": lambda w: _handed_over(w),
    "demo.services.workspace_network_delete": lambda w: demo_services.workspace_network_delete(
        w.ws, by=w.owner),
    # webhooks (an owner's settings)
    "webhooks.services.webhook_create": lambda w: _webhook(w),
    "webhooks.services.webhook_update": lambda w: webhooks.webhook_update(
        w.ws, by=w.owner, webhook=_webhook(w), url="https://hooks.example/b",
        events=["tip.moved"], description="Changed", is_active=False),
    "webhooks.services.webhook_secret_rotate": lambda w: webhooks.webhook_secret_rotate(
        w.ws, by=w.owner, webhook=_webhook(w)),
    "webhooks.services.webhook_delete": lambda w: webhooks.webhook_delete(
        w.ws, by=w.owner, webhook=_webhook(w)),
    "webhooks.services.webhook_ping": lambda w: webhooks.webhook_ping(
        w.ws, by=w.owner, webhook=_webhook(w)),
    # transfer: import commit, undo, merge, restore
    "transfer.services.imports.import_file": _import,
    "transfer.services.imports.run_import": _import_touches,
    "transfer.services.imports.import_commit": lambda w: _commit_uploaded(w),
    "transfer.services.undo.import_undo": lambda w: undo.import_undo(
        w.ws, by=w.owner, batch=_import(w).batch),
    "transfer.services.merge.person_merge": lambda w: merge.person_merge(
        w.ws, by=w.owner, survivor=w.dana, other=w.sam),
    "transfer.services.backup.backup_restore": _restore,
    # doors outside the services: the demo, and the builder of big test networks
    "demo.seed.seed_demo": lambda w: seed_demo(w.ws, by=w.owner, scale=0.05),
    "bench.network.build_network": lambda w: _built(w),
}
# Writers that are not in a services module (so discovery does not find them).
OTHER_DOORS = {"demo.seed.seed_demo", "bench.network.build_network"}


def _invited(w: World):
    return workspaces.invitation_create(w.ws, email="newcomer@example.org", role=Role.EDITOR,
                                        by=w.owner, send=False)


def _token(issued) -> str:
    return issued.link.rstrip("/").rsplit("/", 1)[-1]


def _handed_over(w: World):
    workspaces.membership_add(w.ws, user=w.teammate, role=Role.EDITOR, by=w.owner)
    people.person_update(w.ws, by=w.owner, person=w.dana,
                         data=w.person_fields(w.dana, owner=w.teammate))
    return people.owned_people_hand_over(w.ws, w.teammate, w.owner, w.owner)


def _webhook(w: World):
    return webhooks.webhook_create(w.ws, by=w.owner, url="https://hooks.example/a",
                                   events=["person.created"])


def _commit_uploaded(w: World):
    batch = imports.import_upload(w.ws, by=w.owner, data=MEETINGS.read_bytes(),
                                  name="meetings.ics")
    imports.import_preview(w.ws, by=w.owner, batch=batch)
    imports.import_commit_begin(w.ws, by=w.owner, batch=batch)
    imports.import_commit(w.ws, by=w.owner, batch=batch)


# Public functions of the services modules that write none of the workspace's data, and
# why. (Import bookkeeping — the uploaded batch, its preview rows, their choices — is the
# import's own scratch space until the commit, which is listed above.)
NOT_WRITERS = {
    "people.services.tags_resolve": "a helper of the writers above (inside their write)",
    "people.services.tag_name": "computes",
    "people.services.person_version_values": "reads",
    "people.services.person_version": "reads",
    "people.services.do_not_contact_refusal": "makes the refusal a writer raises",
    "people.services.refuse_if_do_not_contact": "a check inside the pitch and intro writers",
    "people.services.last_touch_refresh": "a refresher of the write pipeline itself",
    "people.services.owned_people_count": "reads",
    "workspaces.services.invitation_link": "formats",
    "workspaces.services.email_has_account": "reads",
    "stories.services.tips.long_date": "formats",
    "stories.services.tips.lead_days": "computes",
    "stories.services.tips.tip_kind_guess": "computes",
    "stories.services.tips.quicklog_tip_title": "computes",
    "stories.services.tips.thank_you_text": "formats",
    "workspaces.services.activity_record": "the audit entry of a writer's write",
    "api.services.token_create": "an account's API token, not a workspace's data",
    "api.services.token_revoke": "an account's API token, not a workspace's data",
    "api.services.token_mark_used": "an account's API token, not a workspace's data",
    "api.services.token_hash": "computes",
    "workspaces.services.activity_record_many": "the audit entries of a writer's write",
    "workspaces.services.workspace_create": "a new workspace starts at data version 0",
    "workspaces.services.user_create": "an account, not a workspace's data",
    "workspaces.services.signin_link_create": "an account, not a workspace's data",
    "workspaces.services.signin_link_redeem": "an account, not a workspace's data",
    "workspaces.services.password_set": "an account, not a workspace's data",
    "search.services.search_index_rebuild": "the search index (kept by triggers)",
    "search.services.search_index_problems": "reads",
    "search.services.search_index_deferred": "the search index (kept by triggers)",
    "transfer.services.merge.merge_preview": "reads",
    "transfer.services.merge.duplicates_check": "reads",
    "transfer.services.merge.merge_suggestions": "reads",
    "transfer.services.undo.undo_problem": "reads",
    "transfer.services.imports.time_limit_message": "formats",
    "transfer.services.imports.estimate_rows": "reads the file",
    "transfer.services.imports.resolve_importer": "reads the file",
    "transfer.services.imports.stored_file": "reads the file",
    "transfer.services.imports.stored_source": "reads the file",
    "transfer.services.imports.import_upload": "import bookkeeping",
    "transfer.services.imports.column_map_save": "import bookkeeping",
    "transfer.services.imports.import_preview": "import bookkeeping (a dry run)",
    "transfer.services.imports.import_row_choose": "import bookkeeping",
    "transfer.services.imports.import_preview_begin": "import bookkeeping",
    "transfer.services.imports.import_commit_begin": "import bookkeeping",
    "transfer.services.imports.import_mark_failed": "import bookkeeping",
    "transfer.services.imports.import_discard": "import bookkeeping",
    "transfer.services.imports.import_rows_choose_all": "import bookkeeping",
    "transfer.services.backup.summary_text": "formats",
    "transfer.services.backup.backup_models": "reads",
    "transfer.services.backup.backup_body": "reads",
    "transfer.services.backup.backup_write": "reads",
    "transfer.services.backup.backup_to_path": "reads",
    "transfer.services.backup.restore_max_bytes": "a setting",
    "transfer.services.backup.backup_read": "reads the file",
    "transfer.services.plan.known_refs": "reads",
    "transfer.services.plan.merge_candidates": "reads",
    "transfer.services.plan.load_states": "reads",
    "transfer.services.plan.diff": "computes",
    "transfer.services.plan.is_placeholder_name": "computes",
    "transfer.services.plan.apply_to_state": "computes",
    "transfer.services.write.row_values": "computes",
    "transfer.services.write.import_row": "computes",
    "webhooks.services.new_secret": "computes",
}


def _services_functions() -> set[str]:
    """Every public function defined in an app's services module (or package), and in
    ``people.bulk`` (the bulk actions)."""
    found = set()
    for app in pkgutil.iter_modules(backstory.__path__):
        names = [f"backstory.{app.name}.services", f"backstory.{app.name}.bulk"]
        for name in list(names):
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                names.remove(name)
                continue
            if hasattr(module, "__path__"):
                names += [f"{name}.{m.name}" for m in pkgutil.iter_modules(module.__path__)]
        for name in names:
            if name.endswith(".bulk") and app.name != "people":
                continue  # core.bulk: the bulk-insert helper, not a bulk action
            module = importlib.import_module(name)
            for attr, value in vars(module).items():
                if (inspect.isfunction(value) and not attr.startswith("_")
                        and value.__module__ == name):
                    found.add(f"{name.removeprefix('backstory.')}.{attr}")
    return found


def test_every_function_of_the_services_is_a_listed_write_path_or_a_listed_non_writer():
    found = _services_functions()
    unlisted = found - WRITE_PATHS.keys() - NOT_WRITERS.keys()
    assert not unlisted, f"New writers? List them in WRITE_PATHS (or NOT_WRITERS): {unlisted}"
    assert not (WRITE_PATHS.keys() | NOT_WRITERS.keys()) - found - OTHER_DOORS, "gone"
    assert not WRITE_PATHS.keys() & NOT_WRITERS.keys()


# Every stored derived value → the check that it equals a fresh computation.
def _names_are_fresh(workspace: Workspace) -> None:
    for person in Person.objects.filter(workspace=workspace):
        assert (person.name_key, person.name_block) == normalize.stored_name_keys(person.name)


def _person_words_are_fresh(workspace: Workspace) -> None:
    """Both vocabularies of the person-word index, computed afresh from their
    definitions (the words of the name; the terms of wants, offers, title and tags)."""
    stored = set(PersonWord.objects.filter(workspace=workspace).values_list(
        "person_id", "vocabulary", "word"))
    wanted = set()
    for person in Person.objects.filter(workspace=workspace).prefetch_related("tags"):
        wanted |= {(person.pk, "name", token) for token in name_tokens(person.name)}
        wanted |= {(person.pk, "match", term) for term in person_terms(
            wants=person.wants, offers=person.offers, title=person.title,
            tags=[t.name for t in person.tags.all()])}
    assert stored == wanted


_FOLLOWUP_VALUES = {"last_touch", "first_met", "followup_dates", "touch_days"}
CHECKS = {
    **dict.fromkeys(_FOLLOWUP_VALUES, assert_stored_values_are_fresh),
    "names": _names_are_fresh,
    "person_words": _person_words_are_fresh,
    "relationships": assert_relationships_are_fresh,
}


def test_every_stored_derived_value_has_a_check():
    assert set(CHECKS) == {d.name for d in DERIVED}


def _version(workspace: Workspace) -> int:
    return Workspace.objects.values_list("data_version", flat=True).get(pk=workspace.pk)


@pytest.mark.parametrize("path", sorted(WRITE_PATHS))
def test_each_write_path_keeps_every_derived_value_right_and_bumps_the_data_version(
        personas, path):
    world = World(personas.owner, personas.teammate)
    before = _version(world.ws)
    for p in (world.dana, world.sam, world.lee):
        p.refresh_from_db()
    written = WRITE_PATHS[path](world)
    workspace = written if isinstance(written, Workspace) else world.ws
    if workspace is world.ws:
        assert _version(workspace) > before, f"{path} wrote without bumping the data version"
    else:
        assert _version(workspace) > 0
    for check in dict.fromkeys(CHECKS.values()):
        check(workspace)


def test_a_write_that_fails_leaves_the_data_version_alone(personas):
    world = World(personas.owner, personas.teammate)
    before = _version(world.ws)
    with pytest.raises(DomainError):
        interactions.action_item_create(world.ws, by=world.owner, text="")
    assert _version(world.ws) == before
    assert ActionItem.objects.filter(workspace=world.ws).count() == 1


def _function(path: str):
    module, _, attr = f"backstory.{path}".rpartition(".")
    return getattr(importlib.import_module(module), attr)


def test_every_service_takes_its_actor_typed_and_leaves_the_rule_to_recorded_actor():
    """``by`` is a workspaces.actors.Actor everywhere, and who is recorded as the author
    is decided by ``recorded_actor`` alone (not re-written as ``by.is_authenticated``)."""
    untyped, rule_again = [], []
    for path in sorted(_services_functions()):
        function = _function(path)
        parameter = inspect.signature(function).parameters.get("by")
        if parameter is not None and parameter.annotation not in ("Actor", "Actor | None"):
            untyped.append(path)
        if "is_authenticated" in inspect.getsource(function):
            rule_again.append(path)
    assert not untyped, f"Type `by` as workspaces.actors.Actor: {untyped}"
    assert not rule_again, f"Use workspaces.actors.recorded_actor: {rule_again}"
