"""Introductions the user makes between two people, and opportunities that could help someone.

The double opt-in flow (which step may follow which) lives in ``transitions.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from backstory.core.models import TimeStamped
from backstory.interactions.models import ActionItem
from backstory.people.models import Person
from backstory.workspaces.models import Workspace


class IntroStatus(models.TextChoices):
    PROPOSED = "proposed", "Not asked yet"
    ASKED_A = "asked_a", "Waiting for the first person"
    A_AGREED = "a_agreed", "First person said yes"
    ASKED_B = "asked_b", "Waiting for the second person"
    INTRODUCED = "introduced", "Introduced"
    DECLINED = "declined", "Declined"


class Outcome(models.TextChoices):
    CONNECTED = "connected", "They connected"
    HELPED = "helped", "It helped"
    HIRED = "hired", "Led to a hire"
    NOTHING = "nothing", "Nothing came of it"


class OpportunityKind(models.TextChoices):
    JOB = "job", "Job posting"
    SPEAKING = "speaking", "Speaking slot"
    EVENT = "event", "Event"
    CUSTOMER_REFERENCE = "customer_reference", "Customer-reference request"
    EXPERT = "expert", "Request for an expert"
    OTHER = "other", "Something else"


class Opportunity(TimeStamped):
    """Something that could help someone: matched against what people want or offer."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=OpportunityKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    organization_name = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    keywords = models.CharField(max_length=300, blank=True,
                                help_text="Words or tags that describe who it suits.")
    deadline = models.DateField(null=True, blank=True)
    contact = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The person to introduce a match to (e.g. the hiring manager).",
    )
    brought_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who told you about it.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["workspace", "closed_at", "-created_at"],
                         name="opportunity_ws_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OpportunityKind.values),
                name="opportunity_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Introduction(TimeStamped):
    """The user puts person A in touch with person B, asking each first (double opt-in)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="intros_as_a")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="intros_as_b")
    reason = models.TextField()
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="introductions",
    )
    status = models.CharField(max_length=12, choices=IntroStatus.choices,
                              default=IntroStatus.PROPOSED)
    status_changed_at = models.DateTimeField()
    asked_a_on = models.DateField(null=True, blank=True)
    a_agreed_on = models.DateField(null=True, blank=True)
    asked_b_on = models.DateField(null=True, blank=True)
    introduced_on = models.DateField(null=True, blank=True)
    declined_on = models.DateField(null=True, blank=True)
    declined_by = models.CharField(max_length=1, blank=True,
                                   choices=[("a", "First person"), ("b", "Second person")])
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    follow_up_item = models.ForeignKey(
        ActionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-status_changed_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "status", "-status_changed_at"],
                         name="intro_ws_status"),
            # Every introduction, latest first (the chains page, "all" on the list).
            models.Index(fields=["workspace", "-status_changed_at", "-id"],
                         name="intro_ws_changed"),
            models.Index(fields=["workspace", "person_a"], name="intro_ws_a"),
            models.Index(fields=["workspace", "person_b"], name="intro_ws_b"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(person_a=models.F("person_b")),
                                   name="intro_between_two_people"),
            models.CheckConstraint(condition=models.Q(status__in=IntroStatus.values),
                                   name="intro_status_known"),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(status=IntroStatus.INTRODUCED),
                name="intro_outcome_only_after_introduced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ↔ {self.person_b_id}"

    @property
    def is_open(self) -> bool:
        return self.status not in (IntroStatus.INTRODUCED, IntroStatus.DECLINED)

    def other(self, person_id: int) -> Person:
        return self.person_b if person_id == self.person_a_id else self.person_a


class OpportunityLead(models.Model):
    """A match of an opportunity the user acted on: an action item or an introduction."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="leads")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    action_item = models.ForeignKey(
        ActionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    introduction = models.ForeignKey(
        Introduction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"],
                                    name="one_lead_per_opportunity_and_person"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} → {self.person_id}"


class IntroRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class IntroRequest(TimeStamped):
    """A member asks a teammate who knows ``person`` to introduce ``for_person`` to them.

    Accepted, it becomes an introduction the asked member makes (``introduction``, with
    ``for_person`` as the first person, whose yes is recorded at once: they asked for it);
    declined, it keeps the asked member's note. Written only by ``intros.services``.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                               help_text="Whom the teammate knows.")
    for_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                                   help_text="Who should meet them.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    asked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=IntroRequestStatus.choices,
                              default=IntroRequestStatus.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_note = models.TextField(blank=True)
    introduction = models.ForeignKey(Introduction, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "asked", "status", "-created_at"],
                         name="introrequest_ws_asked"),
            models.Index(fields=["workspace", "person"], name="introrequest_ws_person"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=IntroRequestStatus.values),
                                   name="introrequest_status_known"),
            models.CheckConstraint(condition=~models.Q(person=models.F("for_person")),
                                   name="introrequest_between_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.for_person_id} → {self.person_id} via {self.asked_id}"
