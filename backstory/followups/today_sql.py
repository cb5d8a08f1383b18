"""The SQL behind Today's bounded reads: each part is a short walk along an index, so the
work does not grow with the size of the workspace.

Written by hand (not as ORM querysets) because Today needs a part per team (a LIMIT per
team inside one statement, which the ORM cannot write) and compiling two dozen querysets
costs more than running them; ``selectors.py`` calls these and keeps the rules. The
follow-up state, due count and urgency are not here: they are ``cadence``'s expressions
over the stored window dates, run through the ORM (the reach-out list reads the
member's ``Relationship`` rows). Dialect variants stand side by side in each function.
Every function takes the workspace first and reads only its
rows. ``tests/test_today_ranking.py`` proves the results equal the plain definitions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo

from django.db import connection
from django.db.models import FloatField, Sum
from django.db.models.expressions import RawSQL

from backstory.interactions.models import Interaction, Participation
from backstory.people.models import Person
from backstory.workspaces.models import Workspace

from . import strength as strength_mod
from .cadence import workspace_tz
from .models import TouchDay


def _moment(value) -> datetime | None:
    """A date-time read with a plain cursor: SQLite gives it without a time zone (UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _union(parts: list[str]) -> str:
    """Parts keep their own ORDER BY and LIMIT (wrapped, as SQLite wants)."""
    return " UNION ALL ".join(f"SELECT * FROM ({p}) AS part{n}" for n, p in enumerate(parts))


def team_facts(workspace: Workspace, team_ids: list[int], visited_ids: list[int], *,
               per_team: int, since: datetime, cap: int,
               ) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """Two facts about teams, in one query:

    * (person id, team id) of each team's ``per_team`` most recently touched members
      (not archived): a short walk along the (team, archived, last touch) index;
    * touches with the members of each of ``visited_ids`` since ``since``, counted up to
      ``cap``: the members touched since then (index) and their touches since (index).
    """
    if not team_ids:
        return [], {}
    person, participation = _q(Person._meta.db_table), _q(Participation._meta.db_table)
    probe = (f"SELECT id, team_id FROM {person} WHERE workspace_id = %s "
             "AND team_id = %s AND archived_at IS NULL AND last_touch_at IS NOT NULL "
             f"ORDER BY last_touch_at DESC, id LIMIT {per_team}")
    visit = (f"SELECT m.team_id AS team FROM {person} m JOIN {participation} p "
             "ON p.person_id = m.id WHERE m.workspace_id = %s AND m.team_id = %s "
             f"AND m.last_touch_at >= %s AND p.occurred_at >= %s LIMIT {cap}")
    sql = f"SELECT 1, id, team_id FROM ({_union([probe] * len(team_ids))}) AS probed"
    params: list = []
    for pk in team_ids:
        params += [workspace.pk, pk]
    if visited_ids:
        sql += (f" UNION ALL SELECT 2, team, COUNT(*) FROM ({_union([visit] * len(visited_ids))})"
                " AS visits GROUP BY team")
        moment = connection.ops.adapt_datetimefield_value(since)
        for pk in visited_ids:
            params += [workspace.pk, pk, moment, moment]
    probed, visits = [], {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for what, first, second in cursor.fetchall():
            if what == 1:
                probed.append((first, second))
            else:
                visits[first] = second
    return probed, visits


# Strength of a list of people: the ORM query (strength.strength_term, the definition in
# SQL) is compiled once per workspace, day and time zone; the ids travel as one parameter.
_IDS = "\x00person-ids\x00"
_COMPILED: dict[tuple, tuple[str, list, int]] = {}


def _ids_subquery() -> RawSQL:
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [_IDS])
    return RawSQL("SELECT value FROM json_each(%s)", [_IDS])


def people_strength(workspace: Workspace, person_ids: list[int], *,
                    today: date) -> dict[int, float]:
    """Relationship strength of these people, in one grouped query."""
    if not person_ids:
        return {}
    tz = workspace_tz(workspace)
    key = (connection.alias, connection.vendor, workspace.pk, today, getattr(tz, "key", str(tz)))
    compiled = _COMPILED.get(key)
    if compiled is None:
        qs = (
            Participation.objects.filter(workspace=workspace, person_id__in=_ids_subquery())
            .filter(strength_mod.lookback_q(today, tz))
            .values("person_id")
            .annotate(s=Sum(strength_mod.strength_term(today, tz), output_field=FloatField()))
            .values_list("person_id", "s")
        )
        sql, params = qs.query.sql_with_params()
        params = list(params)
        if len(_COMPILED) > 64:
            _COMPILED.clear()
        compiled = _COMPILED[key] = (sql, params, params.index(_IDS))
    sql, params, at = compiled
    ids = [int(pk) for pk in person_ids]
    params = list(params)
    if connection.vendor == "postgresql":
        params[at] = ids
    else:
        params[at] = "[" + ",".join(map(str, ids)) + "]"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: float(score or 0.0) for pk, score in cursor.fetchall()}


def touches_by_day(workspace: Workspace, *, since: date, today: date, today_from: datetime,
                   now: datetime) -> dict[date, int]:
    """Interactions per local day from ``since``: the stored counts of past days
    (``TouchDay``) and today's, counted up to ``now`` — one query."""
    ops = connection.ops
    days_table, touches = _q(TouchDay._meta.db_table), _q(Interaction._meta.db_table)
    n = _q("count")
    sql = (f"SELECT day, {n} FROM {days_table} WHERE workspace_id = %s AND day >= %s "
           f"AND day < %s AND {n} > 0 UNION ALL "
           f"SELECT NULL, COUNT(*) FROM {touches} WHERE workspace_id = %s "
           "AND occurred_at >= %s AND occurred_at <= %s")
    params = [workspace.pk, ops.adapt_datefield_value(since), ops.adapt_datefield_value(today),
              workspace.pk, ops.adapt_datetimefield_value(today_from),
              ops.adapt_datetimefield_value(now)]
    days: dict[date, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for day, count in cursor.fetchall():
            if day is None:
                if count and since <= today:
                    days[today] = count
            else:
                days[day if isinstance(day, date) else date.fromisoformat(day)] = count
    return days


def first_meetings(workspace: Workspace, *, since: datetime, now: datetime, limit: int,
                   kinds: list[str], suggestion_kind: str,
                   user_id: int | None = None) -> list[tuple]:
    """(person id, name, circle, first met at, interaction id, kind) of the people the
    member first met between ``since`` and ``now`` (their relationship's first meeting;
    not archived, suggestion not decided), latest first: a walk along the (workspace,
    member, first meeting) index."""
    from backstory.followups.models import Relationship, SuggestionDecision

    person, participation = _q(Person._meta.db_table), _q(Participation._meta.db_table)
    interaction, decision = _q(Interaction._meta.db_table), _q(SuggestionDecision._meta.db_table)
    relationship = _q(Relationship._meta.db_table)
    marks = ", ".join(["%s"] * len(kinds))
    first = (f"FROM {participation} f JOIN {interaction} i ON i.id = f.interaction_id "
             f"WHERE f.person_id = p.id AND f.occurred_at = r.first_met_at "
             f"AND i.kind IN ({marks}) ORDER BY f.id DESC LIMIT 1")
    sql = (f"SELECT p.id, p.name, p.circle, r.first_met_at, (SELECT f.interaction_id {first}), "
           f"(SELECT i.kind {first}) FROM {relationship} r JOIN {person} p ON p.id = r.person_id "
           "WHERE r.workspace_id = %s AND r.user_id = %s "
           "AND p.archived_at IS NULL AND r.first_met_at >= %s AND r.first_met_at <= %s "
           f"AND NOT EXISTS (SELECT 1 FROM {decision} d WHERE d.workspace_id = %s "
           "AND d.person_id = p.id AND d.kind = %s) "
           f"ORDER BY r.first_met_at DESC, p.id DESC LIMIT {int(limit)}")
    ops = connection.ops
    params = [*kinds, *kinds, workspace.pk, user_id, ops.adapt_datetimefield_value(since),
              ops.adapt_datetimefield_value(now), workspace.pk, suggestion_kind]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, name, circle, _moment(at), interaction_id, kind)
                for pk, name, circle, at, interaction_id, kind in cursor.fetchall()]


def own_teams(workspace: Workspace) -> list[tuple]:
    """(id, name, leader id, leader name, has a never-met member) of the teams of the
    workspace's own organisation, by name."""
    from backstory.people.models import Organization, Team

    team, org, person = (_q(Team._meta.db_table), _q(Organization._meta.db_table),
                         _q(Person._meta.db_table))
    sql = (f"SELECT t.id, t.name, t.leader_id, l.name, EXISTS(SELECT 1 FROM {person} s "
           "WHERE s.workspace_id = %s AND s.team_id = t.id AND s.archived_at IS NULL "
           f"AND s.last_touch_at IS NULL) FROM {team} t JOIN {org} o ON o.id = t.organization_id "
           f"LEFT JOIN {person} l ON l.id = t.leader_id "
           "WHERE t.workspace_id = %s AND o.is_own = %s ORDER BY t.name, t.id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, workspace.pk, True])
        return [(pk, name, leader_id, leader, bool(stranger))
                for pk, name, leader_id, leader, stranger in cursor.fetchall()]


def dormant_ties(workspace: Workspace, *, before: datetime, min_touches: int,
                 limit: int, probe: int) -> list[tuple]:
    """(id, name, last touch, touches) of people not touched since ``before`` with at
    least ``min_touches`` touches (not archived, reminders on): most touches first, among
    the ``probe`` ties that went quiet most recently (read down the last-touch index, so
    the cost does not grow with the network)."""
    person, participation = _q(Person._meta.db_table), _q(Participation._meta.db_table)
    sql = (f"SELECT p.id, p.name, p.last_touch_at, (SELECT COUNT(*) FROM {participation} t "
           "WHERE t.person_id = p.id) AS touches FROM (SELECT id, name, last_touch_at "
           f"FROM {person} WHERE workspace_id = %s AND archived_at IS NULL "
           "AND cadence_off = %s AND last_touch_at < %s "
           f"ORDER BY last_touch_at DESC, id LIMIT {int(probe)}) AS p "
           "WHERE (SELECT COUNT(*) FROM "
           f"{participation} t WHERE t.person_id = p.id) >= %s "
           f"ORDER BY touches DESC, p.last_touch_at, p.id LIMIT {int(limit)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, False,
                             connection.ops.adapt_datetimefield_value(before), min_touches])
        return [(pk, name, _moment(last), n) for pk, name, last, n in cursor.fetchall()]


def team_members_and_stranger(workspace: Workspace, *, team_id: int, stranger_team_id: int
                              ) -> tuple[int, tuple[int, str] | None]:
    """How many people (not archived) ``team_id`` has, and the first by name of the
    never-met members of ``stranger_team_id`` — one query (0 = no team)."""
    person = _q(Person._meta.db_table)
    sql = (f"SELECT 1, COUNT(*), NULL FROM {person} WHERE workspace_id = %s AND team_id = %s "
           "AND archived_at IS NULL UNION ALL SELECT * FROM (SELECT 2, id, name "
           f"FROM {person} WHERE workspace_id = %s AND team_id = %s AND archived_at IS NULL "
           "AND last_touch_at IS NULL ORDER BY name, id LIMIT 1) AS stranger")
    known, stranger = 0, None
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, team_id, workspace.pk, stranger_team_id])
        for what, value, name in cursor.fetchall():
            if what == 1:
                known = value
            else:
                stranger = (value, name)
    return known, stranger


def people_shown(workspace: Workspace, person_ids: list[int], *,
                 user_id: int | None = None) -> list[tuple]:
    """(id, name, circle, organisation id, organisation name, kind of the latest touch,
    the usual kind of touch) of the people a list shows. The usual kind is the one
    ``user_id`` has logged most often with the person (the whole workspace's most
    frequent when they never logged one; the latest breaks a tie)."""
    from backstory.people.models import Organization

    if not person_ids:
        return []
    person, org = _q(Person._meta.db_table), _q(Organization._meta.db_table)
    participation, interaction = (_q(Participation._meta.db_table),
                                  _q(Interaction._meta.db_table))
    marks = ", ".join(["%s"] * len(person_ids))
    sql = (f"SELECT p.id, p.name, p.circle, p.organization_id, o.name, (SELECT i.kind "
           f"FROM {participation} f JOIN {interaction} i ON i.id = f.interaction_id "
           "WHERE f.person_id = p.id AND f.workspace_id = %s "
           "ORDER BY f.occurred_at DESC, f.id DESC LIMIT 1), (SELECT i.kind "
           f"FROM {participation} f JOIN {interaction} i ON i.id = f.interaction_id "
           "WHERE f.person_id = p.id AND f.workspace_id = %s GROUP BY i.kind "
           "ORDER BY SUM(CASE WHEN i.created_by_id = %s THEN 1 ELSE 0 END) DESC, "
           "COUNT(*) DESC, MAX(f.occurred_at) DESC LIMIT 1) "
           f"FROM {person} p LEFT JOIN {org} o ON o.id = p.organization_id "
           f"WHERE p.workspace_id = %s AND p.id IN ({marks})")
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, workspace.pk, user_id, workspace.pk, *person_ids])
        return cursor.fetchall()


def action_items_due(workspace: Workspace, *, today: date, limit: int) -> list[tuple]:
    """(id, text, due on, snoozed until, person id, person name, interaction id) of the
    open action items due by ``today`` and not snoozed past it, earliest first."""
    from backstory.interactions.models import ActionItem

    item, person = _q(ActionItem._meta.db_table), _q(Person._meta.db_table)
    day = connection.ops.adapt_datefield_value(today)
    sql = (f"SELECT a.id, a.text, a.due_on, a.snoozed_until, a.person_id, p.name, "
           f"a.interaction_id FROM {item} a LEFT JOIN {person} p ON p.id = a.person_id "
           "WHERE a.workspace_id = %s AND a.done_at IS NULL AND a.due_on <= %s "
           "AND (a.snoozed_until IS NULL OR a.snoozed_until <= %s) "
           f"ORDER BY a.due_on, a.id LIMIT {int(limit)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, day, day])
        return [(pk, text, _day(due), _day(snoozed), person_id, name, interaction_id)
                for pk, text, due, snoozed, person_id, name, interaction_id
                in cursor.fetchall()]
