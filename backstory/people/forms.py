"""Forms for people, organisations and teams: parse input, nothing more."""

from __future__ import annotations

from django import forms

from backstory.core.forms import DateField, IdField, LinesField, VersionField
from backstory.workspaces.models import Workspace
from backstory.workspaces.selectors import members_of

from .models import (
    Channel,
    Circle,
    ContactKind,
    Direction,
    Format,
    OrganizationKind,
    Person,
    Team,
)
from .services import ContactInput, PersonFields, person_version


class PersonForm(forms.Form):
    name = forms.CharField(max_length=200, label="Full name")
    title = forms.CharField(max_length=200, required=False, label="Job title")
    organization_name = forms.CharField(
        max_length=200, required=False, label="Organisation",
        help_text="Type a name; a new organisation is created if it is not known yet.",
    )
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False,
                                  label="Team (department)")
    circle = forms.ChoiceField(choices=Circle.choices, initial=Circle.OTHER)
    owner = forms.TypedChoiceField(
        choices=[], coerce=int, empty_value=None, required=False, label="Relationship owner",
        help_text="The member of the team who leads this relationship.")
    direction = forms.ChoiceField(choices=[("", "—")] + Direction.choices, required=False,
                                  label="Direction relative to you")
    emails = LinesField(label="E-mail addresses", help_text="One per line.")
    phones = LinesField(label="Phone numbers", help_text="One per line.")
    links = LinesField(label="LinkedIn and other links", help_text="One per line.")
    preferred_channel = forms.ChoiceField(choices=[("", "—")] + Channel.choices, required=False,
                                          label="Prefers to hear by")
    preferred_format = forms.ChoiceField(choices=[("", "—")] + Format.choices, required=False,
                                         label="Likes information as")
    best_time = forms.CharField(max_length=120, required=False, label="Best time to reach")
    beat = forms.CharField(max_length=200, required=False, label="Beat (media)")
    outlet = forms.CharField(max_length=200, required=False, label="Outlet (media)")
    wants = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                            label="Looking for")
    offers = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             label="Can offer")
    how_we_met = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                 label="How we met")
    met_on = DateField(required=False, label="Met on")
    introduced_by = IdField()
    tags = forms.CharField(max_length=500, required=False,
                           help_text="Separate tags with commas.")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                            help_text="Markdown works here.")
    cadence_min_days = forms.IntegerField(min_value=1, max_value=3650, required=False,
                                          label="Follow up after (days)")
    cadence_max_days = forms.IntegerField(min_value=1, max_value=3650, required=False,
                                          label="…and at the latest after (days)")
    cadence_off = forms.BooleanField(required=False, label="No follow-up reminders")
    # The version of the person the form was loaded from (core.versions).
    version = VersionField()

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import teams_all

        self.workspace = workspace
        self.fields["team"].queryset = teams_all(workspace)
        self.fields["team"].label_from_instance = lambda t: f"{t.name} — {t.organization.name}"
        # Members only: someone who is not on the team cannot lead a relationship.
        self.members = {m.user_id: m.user for m in members_of(workspace)}
        self.fields["owner"].choices = [("", "Nobody")] + [
            (str(pk), user.get_username()) for pk, user in self.members.items()]

    def clean(self):
        data = super().clean()
        low, high = data.get("cadence_min_days"), data.get("cadence_max_days")
        if low and high and low > high:
            self.add_error("cadence_max_days", "The latest day must come after the first.")
        return data

    @staticmethod
    def initial_for(person: Person) -> dict:
        contacts = list(person.contact_points.all())

        def lines(*kinds):
            return "\n".join(c.value for c in contacts if c.kind in kinds)

        return {
            **{name: getattr(person, name) for name in (
                "name", "title", "circle", "direction", "preferred_channel", "preferred_format",
                "best_time", "beat", "outlet", "wants", "offers", "how_we_met", "met_on",
                "notes", "cadence_min_days", "cadence_max_days", "cadence_off",
            )},
            "organization_name": person.organization.name if person.organization else "",
            "team": person.team_id,
            "owner": person.owner_id,
            "introduced_by": person.introduced_by_id,
            "emails": lines(ContactKind.EMAIL),
            "phones": lines(ContactKind.PHONE),
            "links": lines(ContactKind.LINKEDIN, ContactKind.URL),
            "tags": ", ".join(t.name for t in person.tags.all()),
            "version": person_version(person),
        }

    def to_fields(self, *, introduced_by, person: Person | None = None) -> PersonFields:
        """The typed values; what the form does not show (a birthday from a vCard) is
        kept as ``person`` has it."""
        d = self.cleaned_data
        contacts = (
            [ContactInput(ContactKind.EMAIL, v) for v in d["emails"]]
            + [ContactInput(ContactKind.PHONE, v) for v in d["phones"]]
            + [ContactInput(ContactKind.URL, v) for v in d["links"]]
        )
        return PersonFields(
            name=d["name"], title=d["title"], organization_name=d["organization_name"],
            team=d["team"], owner=self.members.get(d["owner"]),
            circle=d["circle"], direction=d["direction"],
            preferred_channel=d["preferred_channel"], preferred_format=d["preferred_format"],
            best_time=d["best_time"], beat=d["beat"], outlet=d["outlet"], wants=d["wants"],
            offers=d["offers"], how_we_met=d["how_we_met"], met_on=d["met_on"],
            introduced_by=introduced_by, notes=d["notes"],
            cadence_min_days=d["cadence_min_days"], cadence_max_days=d["cadence_max_days"],
            cadence_off=d["cadence_off"], contacts=contacts,
            tags=[t for t in d["tags"].split(",") if t.strip()],
            **{name: getattr(person, name) if person else None
               for name in ("birthday_year", "birthday_month", "birthday_day")},
        )


class OrganizationForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=OrganizationKind.choices)
    is_own = forms.BooleanField(required=False, label="This is my organisation")
    website = forms.URLField(required=False, max_length=500, assume_scheme="https")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class OrganizationEditForm(OrganizationForm):
    version = VersionField()


class TeamForm(forms.Form):
    name = forms.CharField(max_length=120, label="Team name")
    leader = IdField()
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = VersionField()
