"""Cadence defaults, each member's follow-up preferences, decisions on suggestions, and
the digest send log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from backstory.core.models import TimeStamped
from backstory.people.models import Circle, Person
from backstory.workspaces.models import Workspace


class CadenceDefault(TimeStamped):
    """The follow-up window of one circle in one workspace (built-in values otherwise)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    circle = models.CharField(max_length=20, choices=Circle.choices)
    min_days = models.PositiveIntegerField()
    max_days = models.PositiveIntegerField()
    off = models.BooleanField(default=False)

    class Meta:
        verbose_name = "default follow-up window"
        verbose_name_plural = "default follow-up windows"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "circle"], name="one_cadence_per_circle"),
            models.CheckConstraint(condition=models.Q(min_days__lte=models.F("max_days")),
                                   name="cadence_default_min_not_after_max"),
        ]

    def __str__(self) -> str:
        return f"{self.circle}: {self.min_days}–{self.max_days}"


class DigestFrequency(models.TextChoices):
    OFF = "off", "No digest"
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class FollowupPrefs(TimeStamped):
    """One member's own follow-up settings in one workspace: goal, digest, calendar feed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weekly_goal = models.PositiveSmallIntegerField(default=5)
    digest_frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.OFF
    )
    digest_time = models.TimeField(default="08:00")
    digest_weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=0)
    digest_address = models.EmailField(blank=True)
    # Digests are due for schedule times from this moment on: turning the digest on at
    # 15:00 does not send this morning's 08:00 digest, but one missed later is caught up.
    digest_since = models.DateTimeField(null=True, blank=True)
    # Stored as is (not hashed) so that Settings can show the URL again: the feed shows
    # data that a copy of the database holds anyway.
    feed_token = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "follow-up settings"
        verbose_name_plural = "follow-up settings"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_prefs_per_member"),
        ]


class SuggestionKind(models.TextChoices):
    FIRST_MEETING = "first_meeting", "Next-day follow-up after a first meeting"


class SuggestionDecision(models.Model):
    """What the user did with a suggestion, so that it is not offered again."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SuggestionKind.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "person", "kind"],
                                    name="one_decision_per_suggestion"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.decision} for {self.person_id}"


class DigestStatus(models.TextChoices):
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Nothing to send"


class DigestLog(models.Model):
    """One row per member and digest period: the unique key makes a digest go out once.

    A scheduler claims a period by inserting its row; a second scheduler (another process,
    or the same one after a restart) finds the row and leaves the period alone.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=20)  # "d2026-11-03" or "w2026-W45"
    scheduled_for = models.DateTimeField()
    status = models.CharField(max_length=10, choices=DigestStatus.choices)
    address = models.CharField(max_length=254, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "digest sent"
        verbose_name_plural = "digests sent"
        ordering = ["-scheduled_for", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user", "period"],
                                    name="one_digest_per_period"),
        ]
        indexes = [models.Index(fields=["user", "-scheduled_for"], name="digest_user_time")]

    def __str__(self) -> str:
        return f"digest {self.period} for {self.user_id}: {self.status}"


class TouchDay(models.Model):
    """How many interactions the workspace logged on one local day (derived: kept by
    ``stored.touch_days_refresh``, run by the write pipeline ``core.derived``), so that
    the habit streak and the 26-week chart read a few hundred rows whatever the size of
    the workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "day"], name="one_touch_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.count}"


class Relationship(models.Model):
    """One member's relationship with one person of the workspace: the member's own
    settings (window, reminders off, snooze) and the values derived from the touches the
    member took part in (``followups.relationships``; kept by the write pipeline).

    A row exists for every member who took part in a touch with the person and for
    every member with a setting of their own: that is the member's network. People,
    organisations and interactions stay the workspace's.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    # The member's own settings (None: the person's window, else the circle's).
    cadence_min_days = models.PositiveIntegerField(null=True, blank=True)
    cadence_max_days = models.PositiveIntegerField(null=True, blank=True)
    cadence_off = models.BooleanField(default=False)
    snoozed_until = models.DateField(null=True, blank=True)
    # Derived from the touches the member took part in (relationships.relationships_refresh).
    last_touch_at = models.DateTimeField(null=True, blank=True, editable=False)
    touch_count = models.PositiveIntegerField(default=0, editable=False)
    first_met_at = models.DateTimeField(null=True, blank=True, editable=False)
    followup_opens_on = models.DateField(null=True, blank=True, editable=False)
    followup_closes_on = models.DateField(null=True, blank=True, editable=False)
    # The day urgency reaches its cap (cadence.capped_on): from then on only the last
    # touch orders the member's reach-out list, which an index walk serves.
    followup_capped_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        # Named for what a member sees of it: their own follow-up with a person.
        verbose_name = "member's own follow-up"
        verbose_name_plural = "members' own follow-ups"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user", "person"],
                                    name="one_relationship_per_member"),
            models.CheckConstraint(
                condition=models.Q(cadence_min_days__isnull=True)
                | models.Q(cadence_max_days__isnull=True)
                | models.Q(cadence_min_days__lte=models.F("cadence_max_days")),
                name="relationship_min_not_after_max"),
        ]
        indexes = [
            # Today's reach-out list and due count of one member.
            models.Index(fields=["workspace", "user", "followup_opens_on", "snoozed_until"],
                         name="relationship_due"),
            models.Index(fields=["workspace", "user", "-last_touch_at"],
                         name="relationship_last_touch"),
            # The capped part of the reach-out list: latest touch first, read from the index.
            models.Index(fields=["workspace", "user", "-last_touch_at", "followup_capped_on",
                                 "snoozed_until", "person"], name="relationship_capped"),
            # The member's first meetings of the last week (Today's next-day follow-up).
            models.Index(fields=["workspace", "user", "first_met_at"],
                         name="relationship_first_met"),
            # Who on the team knows this person (warm paths).
            models.Index(fields=["person", "user"], name="relationship_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ↔ {self.person_id}"
