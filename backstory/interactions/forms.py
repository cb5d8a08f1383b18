"""Forms for logging touches and action items."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from backstory.core.forms import DateField, DateTimeField, IdField, IdsField, VersionField

from .models import InteractionKind, Value


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(choices=InteractionKind.choices, initial=InteractionKind.COFFEE)
    occurred_at = DateTimeField(label="When")
    people = IdsField(label="With")
    place = forms.CharField(max_length=200, required=False, label="Where")
    duration_minutes = forms.IntegerField(min_value=1, max_value=1440, required=False,
                                          label="Minutes")
    summary = forms.CharField(max_length=200, required=False, label="In one line")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False,
                            help_text="Markdown works here: **bold**, lists, links.")
    value = forms.ChoiceField(choices=Value.choices, required=False, label="Value")
    tags = forms.CharField(max_length=500, required=False, help_text="Separate with commas.")
    # Only in a workspace with teammates (the form of a workspace of one looks as before).
    members = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        label="Teammates who were there",
        help_text="The touch counts for each of them too: their last touch and window move.")
    action_text = forms.CharField(max_length=300, required=False, label="Action item")
    action_due_on = DateField(required=False, label="Due")
    version = VersionField()

    def __init__(self, *args, teammates: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if teammates:
            self.fields["members"].choices = list(teammates)
        else:
            del self.fields["members"]

    def clean_people(self):
        people = self.cleaned_data.get("people") or []
        if not people:
            raise forms.ValidationError("Add at least one person you met.")
        return people

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + timezone.timedelta(days=366):
            raise forms.ValidationError("That is more than a year from now — check the date.")
        return value


class ActionItemForm(forms.Form):
    text = forms.CharField(max_length=300, label="What needs doing")
    due_on = DateField(required=False, label="Due")
    person = IdField()
    version = VersionField()
