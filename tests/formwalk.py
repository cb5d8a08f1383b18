"""What the walks over every form need: a workspace whose every record has every field
set, and the values a browser would send for a form the server rendered."""

from __future__ import annotations

import re
from datetime import date, timedelta

import lxml.html
from django.utils import timezone

from backstory.testing import make_person

# HTML's value sanitisation: a browser drops a value that is not a valid string of the
# input's type (a date input shows nothing for "23/02/2026", and sends nothing).
_VALID = {
    "date": re.compile(r"^\d{4,}-\d\d-\d\d$"),
    "datetime-local": re.compile(r"^\d{4,}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?$"),
    "time": re.compile(r"^\d\d:\d\d(:\d\d(\.\d{1,3})?)?$"),
    "month": re.compile(r"^\d{4,}-\d\d$"),
    "week": re.compile(r"^\d{4,}-W\d\d$"),
    "number": re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$"),
}


def browser_value(element) -> str:
    """The value a browser holds for an input as the server rendered it."""
    value = element.get("value", "")
    kind = (element.get("type") or "text").lower()
    if kind in _VALID and value and not _VALID[kind].match(value):
        return ""
    if kind not in ("hidden",) and kind in ("text", "search", "email", "url", "tel", "password"):
        value = value.replace("\r", "").replace("\n", "")
    return value


def _edits_something(form) -> bool:
    """A form the user fills in, rather than a lone button (regenerate, delete…)."""
    return any(
        e.get("name") and (e.tag != "input" or (e.get("type") or "text").lower() not in
                           ("hidden", "submit", "button", "reset", "image"))
        for e in form.iter("input", "select", "textarea"))


def forms_posting_to(html: str, path: str) -> list:
    """The POST forms of a page that submit to ``path`` and that the user fills in."""
    doc = lxml.html.fromstring(html)
    found = []
    for form in doc.forms:
        action = form.get("action") or path
        if ((form.get("method") or "get").lower() == "post" and action == path
                and _edits_something(form)):
            found.append(form)
    return found


def submitted_values(form, *, button=None) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser sends for ``form`` when ``button`` (the first
    submit button when None) is pressed, with nothing changed."""
    pairs: list[tuple[str, str]] = []
    submits = [e for e in form.iter("button", "input")
               if (e.tag == "button" and (e.get("type") or "submit") == "submit")
               or (e.tag == "input" and e.get("type") == "submit")]
    pressed = button if button is not None else (submits[0] if submits else None)
    for element in form.iter("input", "select", "textarea", "button"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element in submits:
            if element is pressed:
                pairs.append((name, element.get("value", "")))
            continue
        if element.tag == "button":
            continue
        if element.tag == "textarea":
            # A browser sends what the text area shows: lxml already dropped the one
            # newline that the HTML parser removes after <textarea>.
            pairs.append((name, (element.text or "").replace("\r\n", "\n")))
        elif element.tag == "select":
            options = element.findall(".//option")
            chosen = [o for o in options if o.get("selected") is not None]
            if element.get("multiple") is None and not chosen and options:
                chosen = options[:1]
            pairs.extend((name, o.get("value", o.text_content())) for o in chosen)
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    pairs.append((name, element.get("value", "on")))
            elif kind not in ("file", "image", "reset"):
                pairs.append((name, browser_value(element)))
    return pairs


def named_urls(resolver=None, prefix=""):
    """Every named URL pattern of the app, as (name, [argument names]): the walks request
    them all, so that a new URL is covered without anyone adding it."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named_urls(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", list(entry.pattern.converters)


def full_records(personas) -> dict[str, int]:
    """One record of every kind with every field a form edits set to a real value."""
    from backstory.interactions.services import InteractionFields, interaction_log
    from backstory.intros import services as intros
    from backstory.people.services import ContactInput, organization_create, team_create
    from backstory.stories import services as stories

    ws, by = personas.workspace, personas.owner
    today = timezone.localdate()
    org = organization_create(ws, by=by, name="Acme Holdings", kind="company",
                              website="https://acme.example", notes="Our biggest client.")
    introducer = make_person(ws, "Ivo Introducer", by=by)
    leader = make_person(ws, "Lena Leader", by=by)
    team = team_create(ws, by=by, organization=org, name="Comms", leader=leader,
                       notes="The press team.")
    person = make_person(
        ws, "Dana Reyes", by=by, title="Head of Comms", organization=org, team=team,
        circle="customer", direction="up", preferred_channel="email",
        preferred_format="bullets", best_time="Mornings", beat="Fintech", outlet="The Ledger",
        wants="A product marketing role", offers="Launch playbooks",
        how_we_met="At the Lisbon summit", met_on=date(2026, 2, 23),
        introduced_by=introducer, notes="Likes **short** e-mails.", owner=personas.teammate,
        cadence_min_days=20, cadence_max_days=40,
        birthday_year=1985, birthday_month=7, birthday_day=14,
        contacts=[ContactInput("email", "dana@acme.example"),
                  ContactInput("phone", "+44 20 7946 0000"),
                  ContactInput("url", "https://www.linkedin.com/in/dana")],
        tags=["vip", "fintech"],
    )
    journalist = make_person(ws, "Jo Journalist", by=by, circle="media", beat="Tech",
                             outlet="The Wire")
    interaction = interaction_log(ws, by=by, data=InteractionFields(
        kind="meal", occurred_at=timezone.now().replace(second=0, microsecond=0)
        - timedelta(days=3),
        people=[person, journalist], place="Café Rouge", duration_minutes=45,
        summary="Talked launches", notes="She will intro us.", value="mutual",
        tags=["launch"]))
    from backstory.interactions.services import action_item_create

    action = action_item_create(ws, by=by, text="Send Dana the deck", person=person,
                                due_on=today + timedelta(days=5))
    tip = stories.tip_create(ws, by=by, data=stories.TipFields(
        title="Acme cut onboarding to 3 days", kind="customer_story",
        heard_on=today - timedelta(days=3), sources=[person], interaction=interaction,
        details="Numbers in the deck.", happens_on=today + timedelta(days=30)))
    pitch = stories.pitch_create(ws, by=by, tip=tip, journalist=journalist,
                                 angle="Your readers want onboarding numbers.",
                                 follow_up_days=6, sent_on=today - timedelta(days=1))
    opportunity = intros.opportunity_create(ws, by=by, data=intros.OpportunityFields(
        kind="job", title="PMM, fintech", description="Senior role.",
        organization_name="Acme Holdings", url="https://jobs.example/pmm",
        keywords="fintech marketing", deadline=today + timedelta(days=20),
        contact=journalist, brought_by=person))
    introduction = intros.introduction_start(ws, by=by, person_a=person, person_b=journalist,
                                             reason="Both care about fintech launches.")
    from datetime import time

    from backstory.followups import services as followups

    followups.digest_settings_update(ws, by=by, data=followups.DigestSettings(
        frequency="weekly", at=time(7, 30), weekday=2, address="olivia@example.com"))
    followups.feed_token_regenerate(ws, by=by)
    from backstory.people.services import person_do_not_contact_set

    person_do_not_contact_set(ws, by=by, person=person, reason="Asked for no more pitches.")
    from backstory.webhooks.services import webhook_create

    webhook = webhook_create(ws, by=by, url="https://hooks.example/backstory",
                             events=["person.created", "tip.moved"],
                             description="Zapier: new people")
    return {
        "webhook_id": webhook.pk,
        "person_id": person.pk, "organization_id": org.pk, "team_id": team.pk,
        "interaction_id": interaction.pk, "action_id": action.pk, "tip_id": tip.pk,
        "pitch_id": pitch.pk, "opportunity_id": opportunity.pk,
        "introduction_id": introduction.pk,
    }


# Written on every save whatever changed, or a trail of the save rather than the data.
_NOT_DATA = {"workspaces.Activity"}
_NOT_DATA_FIELDS = {"updated_at"}


def workspace_rows(workspace, *, everything: bool = False) -> dict[str, list[str]]:
    """Every row of the workspace, to compare: by default minus the audit trail and
    ``updated_at`` (written on every save); ``everything`` keeps them (the isolation walk,
    where any write at all is the failure)."""
    import json

    from django.apps import apps

    skip_models = set() if everything else _NOT_DATA
    skip_fields = set() if everything else _NOT_DATA_FIELDS
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in skip_models:
            continue
        names = {f.name for f in model._meta.get_fields()}
        if "workspace" in names:
            qs = model.objects.filter(workspace=workspace)
        elif model._meta.auto_created:
            fk = next((f for f in model._meta.fields if f.is_relation and f.related_model and
                       "workspace" in {x.name for x in f.related_model._meta.get_fields()}), None)
            if fk is None:
                continue
            qs = model.objects.filter(**{f"{fk.name}__workspace": workspace})
        else:
            continue
        rows[model._meta.label] = sorted(
            json.dumps({k: v for k, v in r.items() if k not in skip_fields},
                       default=str, sort_keys=True) for r in qs.values())
    return rows


def rows_changed(before: dict, after: dict) -> list[str]:
    """The rows that differ, readable in a failure message."""
    lines = []
    for label in sorted(set(before) | set(after)):
        old, new = set(before.get(label, [])), set(after.get(label, []))
        lines += [f"  {label} was: {r}" for r in sorted(old - new)]
        lines += [f"  {label} now: {r}" for r in sorted(new - old)]
    return lines


def all_records(personas) -> dict[str, object]:
    """``full_records`` and what the other URLs point at: an import batch and its row, a
    membership, a person overdue for a follow-up and an action item due today (so that
    Today shows its snooze buttons)."""
    from backstory.testing import make_action, make_interaction
    from backstory.transfer.services import import_file
    from backstory.workspaces.models import Membership

    records: dict[str, object] = full_records(personas)
    ws, by = personas.workspace, personas.owner
    overdue = make_person(ws, "Olga Overdue", by=by, circle="customer")
    make_interaction(ws, [overdue], by=by, when=timezone.now() - timedelta(days=200))
    make_action(ws, "Call Olga", by=by, person=overdue, due_on=timezone.localdate())
    batch = import_file(ws, by=by, name="people.csv", data=(
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Imre,Imported,https://www.linkedin.com/in/ii,,Imp Co,,07 Dec 2025\n")).batch
    from backstory.intros.services import intro_request_create
    from backstory.workspaces.services import invitation_create

    invitation = invitation_create(ws, email="nina@example.org", role="editor", by=by,
                                   send=False).invitation
    ask = intro_request_create(ws, by=by, person=overdue, for_person=make_person(ws, "Ada Asker"),
                               asked=personas.teammate, note="Would love to meet Olga")
    from backstory.api.services import token_create
    from backstory.webhooks.models import Webhook
    from backstory.webhooks.services import webhook_ping

    delivery = webhook_ping(ws, by=by, webhook=Webhook.objects.get(pk=records["webhook_id"]))
    records.update(
        delivery_id=delivery.pk,
        api_token_id=token_create(ws, user=personas.viewer, name="Viewer's script")[0].pk,
        request_id=ask.pk,
        batch_id=batch.pk, row_id=batch.rows.first().pk, invitation_id=invitation.pk,
        membership_id=Membership.objects.get(workspace=ws, user=personas.teammate).pk,
        token="not-a-real-token", kind="xlsx")
    return records
