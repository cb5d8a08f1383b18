"""People, the organisations and teams they belong to, and how to reach them."""

from __future__ import annotations

import calendar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from backstory.core.models import TimeStamped
from backstory.workspaces.models import Workspace


class OrganizationKind(models.TextChoices):
    COMPANY = "company", "Company"
    MEDIA = "media", "Media outlet"
    AGENCY = "agency", "Agency"
    NONPROFIT = "nonprofit", "Non-profit"
    PUBLIC = "public", "Public sector"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class Organization(TimeStamped):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganizationKind.choices, default="company")
    is_own = models.BooleanField(
        default=False, help_text="The organisation you work for: its teams are your colleagues."
    )
    website = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        indexes = [
            # The organisations page and the people list's filter menu, in their order.
            models.Index(fields=["workspace", "-is_own", "name"], name="organization_ws_list"),
        ]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("name"), name="organization_name_unique_in_workspace"
            ),
            models.UniqueConstraint(
                fields=["workspace"],
                condition=models.Q(is_own=True),
                name="one_own_organization_per_workspace",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(TimeStamped):
    """A department inside an organisation, e.g. Sales or Product Marketing."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    leader = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="teams_led"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("name"), name="team_name_unique_in_organization"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("name"), name="tag_name_unique_in_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Circle(models.TextChoices):
    INTERNAL = "internal", "Internal colleague"
    MEDIA = "media", "Media"
    CUSTOMER = "customer", "Customer"
    INDUSTRY = "industry", "Industry peer"
    COMMUNITY = "community", "Community"
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"
    JOB_SEEKER = "job_seeker", "Job seeker"
    FRIEND = "friend", "Friend"
    OTHER = "other", "Other"


class Direction(models.TextChoices):
    UP = "up", "Up (senior to you)"
    ACROSS = "across", "Across (peer)"
    DOWN = "down", "Down (junior to you)"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    CHAT = "chat", "Chat (Slack, Teams…)"
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"
    LINKEDIN = "linkedin", "LinkedIn message"


class Format(models.TextChoices):
    SHORT_NOTE = "short_note", "A short note"
    BULLETS = "bullets", "Bullet points"
    BRIEF = "brief", "A detailed brief"
    CONVERSATION = "conversation", "A conversation"
    DATA = "data", "Numbers and data first"
    VISUAL = "visual", "Visuals and examples"


class Person(TimeStamped):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    # The parts of the name as a file gave them (a vCard's N, Google's and Outlook's name
    # columns), kept so that an export writes them back instead of guessing them from the
    # display name; blank when the source had none. They never change what is shown.
    name_prefix = models.CharField(max_length=100, blank=True, default="")
    given_name = models.CharField(max_length=200, blank=True, default="")
    additional_names = models.CharField(max_length=200, blank=True, default="")
    family_name = models.CharField(max_length=200, blank=True, default="")
    name_suffix = models.CharField(max_length=100, blank=True, default="")
    title = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    circle = models.CharField(max_length=20, choices=Circle.choices, default=Circle.OTHER)
    # The member of the team who leads this relationship (as PR teams give each key
    # journalist one), or nobody. Always a member of the workspace: people.services checks
    # it, and a member who leaves hands their people on (workspaces.leaving).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name="relationship owner",
    )
    direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)

    preferred_channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    preferred_format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    best_time = models.CharField(
        max_length=120, blank=True, help_text="e.g. “mornings before 10”, “Fridays”"
    )
    beat = models.CharField(max_length=200, blank=True, help_text="For media: what they cover.")
    outlet = models.CharField(
        max_length=200, blank=True, help_text="For media: the publication or programme."
    )
    wants = models.TextField(blank=True, help_text="What they are looking for.")
    offers = models.TextField(blank=True, help_text="How they can help others.")
    how_we_met = models.TextField(blank=True)
    met_on = models.DateField(null=True, blank=True)
    introduced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="introduced"
    )
    birthday_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birthday_month = models.PositiveSmallIntegerField(null=True, blank=True)
    birthday_day = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="people")

    # Follow-up cadence: None means "use the workspace default for the circle".
    cadence_min_days = models.PositiveIntegerField(null=True, blank=True)
    cadence_max_days = models.PositiveIntegerField(null=True, blank=True)
    cadence_off = models.BooleanField(default=False)
    snoozed_until = models.DateField(null=True, blank=True)

    # Derived, never typed in: the latest interaction with this person. Stored because
    # lists sort and filter on it; people.services.last_touch_refresh computes it (the
    # write pipeline, core.derived, runs it).
    last_touch_at = models.DateTimeField(null=True, blank=True)

    # Derived, never typed in, stored so that Today and the lists compare dates with an
    # index instead of computing every person's state (backstory/followups/stored.py
    # writes them; tests prove the stored copy equals a fresh computation):
    # the first and last day of the follow-up window in the workspace's time zone (null
    # when never contacted, reminders off or archived) and the first meeting.
    followup_opens_on = models.DateField(null=True, blank=True, editable=False)
    followup_closes_on = models.DateField(null=True, blank=True, editable=False)
    first_met_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Derived from the name, never typed in, stored so that possible duplicates are found
    # with an index instead of reading every name: the order-insensitive key of
    # normalize.name_keys and its fuzzy-matching block (normalize.stored_name_keys is the
    # definition; people.names writes them).
    name_key = models.CharField(max_length=200, blank=True, default="", editable=False)
    name_block = models.CharField(max_length=20, blank=True, default="", editable=False)

    archived_at = models.DateTimeField(null=True, blank=True)

    # Do not contact, workspace-wide: set and cleared only by people.services
    # (person_do_not_contact_set / _clear); marked while ``do_not_contact_at`` is set.
    do_not_contact_at = models.DateTimeField(null=True, blank=True, editable=False)
    do_not_contact_reason = models.CharField(max_length=300, blank=True, default="",
                                             editable=False)
    do_not_contact_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False)

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["workspace", "name"], name="person_ws_name"),
            models.Index(fields=["workspace", "last_touch_at"], name="person_ws_last_touch"),
            models.Index(fields=["workspace", "organization"], name="person_ws_org"),
            models.Index(fields=["workspace", "team"], name="person_ws_team"),
            # The lists' pages in their order, read from the index and stopped after one
            # page (no sort of every match): the people list (all, or one circle), an
            # organisation's and a team's people, the archive. The trailing archived_at
            # lets SQLite count the matches from the index alone. Sorting by last touch
            # has indexes of its own per database (migration 0004: NULLS placement).
            models.Index(fields=["workspace", "name", "id", "archived_at"],
                         name="person_active_name", condition=models.Q(archived_at__isnull=True)),
            models.Index(fields=["workspace", "circle", "name", "id", "archived_at"],
                         name="person_active_circle", condition=models.Q(archived_at__isnull=True)),
            models.Index(fields=["workspace", "organization", "name", "id", "archived_at"],
                         name="person_active_org", condition=models.Q(archived_at__isnull=True)),
            models.Index(fields=["workspace", "team", "name", "id", "archived_at"],
                         name="person_active_team", condition=models.Q(archived_at__isnull=True)),
            models.Index(fields=["workspace", "name", "id"], name="person_archived_name",
                         condition=models.Q(archived_at__isnull=False)),
            # Follow-up state filters and counts (followups.cadence.state_q), read from
            # the index alone.
            models.Index(fields=["workspace", "followup_opens_on", "snoozed_until",
                                 "archived_at"], name="person_ws_fu_opens"),
            models.Index(fields=["workspace", "followup_closes_on", "followup_opens_on",
                                 "snoozed_until", "archived_at"], name="person_ws_fu_window"),
            models.Index(fields=["workspace", "circle", "followup_closes_on",
                                 "followup_opens_on", "snoozed_until", "archived_at"],
                         name="person_ws_circle_fu"),
            # Today's reach-out ranking, one circle at a time (followups.today_sql): people
            # on their circle's window, with what the ranking reads, so that no row is
            # looked up.
            models.Index(fields=["workspace", "circle", "followup_opens_on", "-last_touch_at",
                                 "id", "snoozed_until"], name="person_ws_circle_fu_opens",
                         condition=models.Q(followup_opens_on__isnull=False,
                                            cadence_min_days__isnull=True,
                                            cadence_max_days__isnull=True)),
            models.Index(fields=["workspace", "circle", "-last_touch_at", "id",
                                 "followup_opens_on", "snoozed_until"],
                         name="person_ws_circle_touch",
                         condition=models.Q(followup_opens_on__isnull=False,
                                            cadence_min_days__isnull=True,
                                            cadence_max_days__isnull=True)),
            models.Index(fields=["workspace", "followup_opens_on"], name="person_ws_own_window",
                         condition=models.Q(cadence_min_days__isnull=False)
                         | models.Q(cadence_max_days__isnull=False)),
            # Teams on Today: members by last touch, never-met members, counts.
            models.Index(fields=["workspace", "team", "last_touch_at", "archived_at"],
                         name="person_ws_team_touch"),
            models.Index(fields=["workspace", "first_met_at"], name="person_ws_first_met"),
            # Introduction chains: the introduced-by links alone, with names.
            models.Index(fields=["workspace", "introduced_by", "name"],
                         name="person_ws_introduced",
                         condition=models.Q(introduced_by__isnull=False)),
            # The people list filtered by relationship owner, in name order.
            models.Index(fields=["workspace", "owner", "name", "id", "archived_at"],
                         name="person_active_owner", condition=models.Q(archived_at__isnull=True)),
            # Possible duplicates: the same name, a similar name in the same block.
            models.Index(fields=["workspace", "name_key", "id", "archived_at"],
                         name="person_active_name_key",
                         condition=models.Q(archived_at__isnull=True)),
            models.Index(fields=["workspace", "name_block", "id", "name_key", "archived_at"],
                         name="person_active_name_block",
                         condition=models.Q(archived_at__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cadence_min_days__isnull=True)
                | models.Q(cadence_max_days__isnull=True)
                | models.Q(cadence_min_days__lte=models.F("cadence_max_days")),
                name="cadence_min_not_after_max",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    NAME_PARTS = ("name_prefix", "given_name", "additional_names", "family_name",
                  "name_suffix")

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def do_not_contact(self) -> bool:
        return self.do_not_contact_at is not None

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.replace("-", " ").split() if p[:1].isalpha()]
        if not parts:
            return "?"
        if len(parts) == 1:
            return parts[0][:2].upper()
        return (parts[0][0] + parts[-1][0]).upper()

    @property
    def birthday_display(self) -> str:
        if not (self.birthday_month and self.birthday_day):
            return ""
        text = f"{self.birthday_day} {calendar.month_name[self.birthday_month]}"
        return f"{text} {self.birthday_year}" if self.birthday_year else text


class ContactKind(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"
    LINKEDIN = "linkedin", "LinkedIn"
    URL = "url", "Link"
    ADDRESS = "address", "Address"
    OTHER = "other", "Other"


class ContactPoint(models.Model):
    """One way to reach a person. ``normalized`` is the key used to find duplicates."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    label = models.CharField(max_length=60, blank=True)
    value = models.CharField(max_length=500)
    normalized = models.CharField(max_length=500, blank=True)
    is_primary = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "id"]
        indexes = [
            models.Index(fields=["workspace", "kind", "normalized"], name="contact_ws_kind_norm"),
        ]

    def __str__(self) -> str:
        return self.value


class PersonWord(models.Model):
    """One word of a person, in one vocabulary: an inverted index, so that finding
    people by a word does not read every person. Two vocabularies:

    - ``name``: the words of the name (``normalize.name_tokens``: lower case, no accents,
      no titles) — pickers and the quick-log find people by any word of their name, or
      its beginning (``people.names``);
    - ``match``: the stems of their wants, offers, title and tags — matching an
      opportunity starts from the people who mention its words (``intros.terms``
      computes them and registers its word maker with ``people.words``).

    Derived, never typed in: ``people.words.words_refresh`` is the one writer (through
    the write pipeline, core.derived); tests prove the stored copy equals a fresh
    computation after every writer."""

    class Vocabulary(models.TextChoices):
        NAME = "name", "name"
        MATCH = "match", "match"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    vocabulary = models.CharField(max_length=5, choices=Vocabulary.choices)
    word = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "vocabulary", "word"],
                                    name="one_person_word"),
        ]
        indexes = [
            # Both readers: one word (or a range of beginnings) of one vocabulary, newest
            # people first or in id order (a b-tree reads either way).
            models.Index(fields=["workspace", "vocabulary", "word", "person"],
                         name="personword_ws_vocab_word"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.vocabulary} {self.word}"
