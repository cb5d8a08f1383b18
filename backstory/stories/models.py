"""Story leads (tips) from the people who gave them, pitches to journalists, and coverage.

The status rules (which move is allowed from where) live in ``transitions.py``; the
models only hold the data and the invariants of one row.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from backstory.core.models import TimeStamped
from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Person
from backstory.workspaces.models import Workspace


class TipKind(models.TextChoices):
    CUSTOMER_STORY = "customer_story", "Customer story"
    HUMAN_INTEREST = "human_interest", "Human interest"
    EMPLOYEE_ACHIEVEMENT = "employee_achievement", "Employee achievement"
    HEADS_UP = "heads_up", "Heads-up / risk"
    NEWS = "news", "Product or business news"
    EVENT = "event", "Event / opportunity"


class TipStatus(models.TextChoices):
    NEW = "new", "New"
    RESEARCHING = "researching", "Researching"
    PITCHED = "pitched", "Pitched"
    COVERED = "covered", "Covered"
    PARKED = "parked", "Parked"
    DECLINED = "declined", "Declined"


class Tip(TimeStamped):
    """A story lead that one or more people gave the user."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    kind = models.CharField(max_length=24, choices=TipKind.choices)
    status = models.CharField(max_length=12, choices=TipStatus.choices, default=TipStatus.NEW)
    heard_on = models.DateField()
    happens_on = models.DateField(null=True, blank=True)
    # Derived, never typed in: happens_on - heard_on in days (negative when the tip came
    # after the event). Stored so that a source's average lead time is one SQL aggregate;
    # stories.services.lead_days computes it and a test proves the stored copy matches.
    lead_days = models.IntegerField(null=True, blank=True)
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="tips"
    )
    sources = models.ManyToManyField(Person, through="TipSource", related_name="tips_given")
    status_changed_at = models.DateTimeField()
    covered_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-heard_on", "-id"]
        indexes = [
            models.Index(fields=["workspace", "status", "-status_changed_at"],
                         name="tip_ws_status_changed"),
            models.Index(fields=["workspace", "-heard_on"], name="tip_ws_heard"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TipStatus.values), name="tip_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=TipKind.values), name="tip_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_early_warning(self) -> bool:
        """A heads-up that reached the user before the thing it warns about happens."""
        return (
            self.kind == TipKind.HEADS_UP
            and self.happens_on is not None
            and self.heard_on < self.happens_on
        )

    def days_until(self, today: date) -> int | None:
        return (self.happens_on - today).days if self.happens_on else None


class TipSource(models.Model):
    """A person who gave a tip. An explicit table so that it carries the workspace.

    ``thank_item`` is the thank-you action item created from the suggestion on a covered
    tip, so that the suggestion is not repeated once taken.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="tip_sources")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tip_sources")
    position = models.PositiveSmallIntegerField(default=0)
    thank_item = models.ForeignKey(
        ActionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tip", "person"], name="one_source_row_per_person"),
        ]
        indexes = [
            models.Index(fields=["workspace", "person"], name="tipsource_ws_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} gave {self.tip_id}"


class PitchStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    REPLIED = "replied", "Replied"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Pitch(TimeStamped):
    """One tip offered to one journalist, with the angle written for that person.

    There is deliberately no way to pitch several journalists at once.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="pitches")
    journalist = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pitches")
    angle = models.TextField()
    status = models.CharField(max_length=10, choices=PitchStatus.choices,
                              default=PitchStatus.DRAFT)
    sent_on = models.DateField(null=True, blank=True)
    replied_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    follow_up_days = models.PositiveSmallIntegerField(default=4)
    follow_up_item = models.ForeignKey(
        ActionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coverage_url = models.URLField(max_length=500, blank=True)
    coverage_outlet = models.CharField(max_length=200, blank=True)
    coverage_headline = models.CharField(max_length=300, blank=True)
    covered_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "pitch"
        verbose_name_plural = "pitches"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tip", "journalist"],
                                    name="one_pitch_per_tip_and_journalist"),
            models.CheckConstraint(
                condition=models.Q(status__in=PitchStatus.values), name="pitch_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "status", "sent_on"], name="pitch_ws_status_sent"),
            models.Index(fields=["workspace", "journalist"], name="pitch_ws_journalist"),
        ]

    def __str__(self) -> str:
        return f"{self.tip_id} → {self.journalist_id}"

    @property
    def has_coverage(self) -> bool:
        return bool(self.coverage_url or self.covered_on)

    @property
    def is_awaiting_reply(self) -> bool:
        return self.status == PitchStatus.SENT
