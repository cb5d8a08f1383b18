"""The desk's pages: Today, and the quick-log line (the dialog on every page and a page of
its own without JS)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone

from backstory.core.errors import DomainError
from backstory.core.http import int_param as _int
from backstory.core.http import redirect_next
from backstory.followups.charts import touches_per_week_svg
from backstory.followups.forms import GoalForm
from backstory.followups.selectors import recent_touches
from backstory.followups.views import SNOOZE_CHOICES
from backstory.workspaces.clock import workspace_today
from backstory.workspaces.decorators import workspace_view

from .agenda import today_agenda
from .preview import quicklog_preview
from .services import quicklog_commit


@workspace_view
def today(request):
    workspace = request.workspace
    day = workspace_today(workspace)
    agenda = today_agenda(workspace, user=request.user, today=day,
                                    now=timezone.now())
    return render(request, "followups/today.html", {
        "agenda": agenda,
        "today": day,
        "chart": touches_per_week_svg(agenda.habit.weeks, goal=agenda.habit.weekly_goal),
        "recent": recent_touches(workspace),
        "snooze_choices": SNOOZE_CHOICES,
        "goal_form": GoalForm(initial={"weekly_goal": agenda.habit.weekly_goal}),
    })



def _quicklog_input(request) -> tuple[str, dict[int, int], set[int]]:
    """The line, and the choices made in the preview (only if the names did not change)."""
    line = request.POST.get("line", "")[:1000]
    choices: dict[int, int] = {}
    create: set[int] = set()
    for key, value in request.POST.items():
        if key.startswith("choice_") and _int(key[7:]) is not None:
            if value == "new":
                create.add(_int(key[7:]))
            elif _int(value):
                choices[_int(key[7:])] = _int(value)
        elif key.startswith("create_") and _int(key[7:]) is not None and value == "1":
            create.add(_int(key[7:]))
    return line, choices, create


QUICKLOG_PREFIXES = {"ql", "qlp"}  # the dialog on every page, the quick-log page


@workspace_view
def quicklog(request):
    """Preview (htmx, as you type, and on Enter) and save a quick-log line; a page of its
    own without JS. Saving from htmx answers with the confirmation in place of the
    preview, right under the line, where the user is looking."""
    workspace = request.workspace
    if request.method != "POST":
        return render(request, "interactions/quicklog.html", {"line": request.GET.get("q", "")})
    if "discard" in request.POST:  # "Don't save" without JS (app.js clears the dialog)
        messages.info(request, "Not saved.")
        return redirect_next(request, "home")
    line, choices, create = _quicklog_input(request)
    prefix = request.POST.get("prefix", "ql")
    prefix = prefix if prefix in QUICKLOG_PREFIXES else "ql"
    now = timezone.now()
    preview = quicklog_preview(workspace, line, now=now, choices=choices,
                               create=create, viewer=request.user)
    if request.POST.get("signature", preview.signature) != preview.signature:
        preview = quicklog_preview(workspace, line, now=now, viewer=request.user)
    error = ""
    # The preview on screen was made from this line (a Save pressed right after typing,
    # before the preview caught up, must not save something the user has not seen).
    seen = request.POST.get("previewed", line) == line
    if "save" in request.POST and not seen:
        error = "The line changed since the preview — check it and press Save again."
    elif "save" in request.POST:
        try:
            result = quicklog_commit(
                workspace, by=request.user, line=line, now=now, choices=choices,
                create=create, allow_repeat=request.POST.get("save") == "repeat")
        except DomainError as exc:
            error = exc.message
            if "repeat" in exc.field_errors:
                error = ""  # the preview shows the repeat and the choice
        else:
            if request.htmx:
                empty = quicklog_preview(workspace, "", now=now)
                return render(request, "interactions/_quicklog_preview.html", {
                    "preview": empty, "line": "", "saved": result.summary(), "now": now,
                    "prefix": prefix})
            messages.success(request, result.summary())
            return redirect_next(request, "home")
    context = {"preview": preview, "line": line, "error": error, "now": now, "prefix": prefix}
    if request.htmx:
        return render(request, "interactions/_quicklog_preview.html", context)
    return render(request, "interactions/quicklog.html", context)
