"""Forms for tips, pitches and coverage: parse input, nothing more."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from backstory.core.forms import DateField, IdField, IdsField, VersionField

from .models import TipKind
from .services import MAX_FOLLOW_UP_DAYS


class TipForm(forms.Form):
    sources = IdsField(label="Who told you")
    title = forms.CharField(max_length=200, label="What's the story",
                            help_text="One line, e.g. “Acme cut onboarding from 6 weeks to 3 "
                                      "days with our API”.")
    kind = forms.ChoiceField(choices=TipKind.choices, initial=TipKind.CUSTOMER_STORY)
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              label="Details", help_text="Markdown works here.")
    heard_on = DateField(label="Heard on")
    happens_on = DateField(required=False, label="Happens on",
                       help_text="The launch, event or decision date — gives the "
                                 "lead time.")
    interaction = IdField()
    version = VersionField()

    def clean_sources(self):
        sources = self.cleaned_data.get("sources") or []
        if not sources:
            raise forms.ValidationError("Who gave you this tip? Add at least one source.")
        return sources


class PitchForm(forms.Form):
    journalist = IdField()
    angle = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Your angle for them",
                            help_text="Why this is a story for this person, in their words — "
                                      "one journalist, one pitch.")
    follow_up_days = forms.IntegerField(min_value=1, max_value=MAX_FOLLOW_UP_DAYS, initial=4,
                                        label="Follow up after (days)",
                                        help_text="An action item reminds you if they have "
                                                  "not replied by then.")
    sent = forms.BooleanField(required=False, initial=True, label="I have sent it")
    sent_on = DateField(required=False, label="Sent on")

    def clean(self):
        data = super().clean()
        if not data.get("journalist"):
            self.add_error(None, "Choose the journalist you are pitching.")
        if data.get("sent") and not data.get("sent_on"):
            data["sent_on"] = timezone.localdate()
        return data


class PitchEditForm(forms.Form):
    angle = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Your angle for them")
    follow_up_days = forms.IntegerField(min_value=1, max_value=MAX_FOLLOW_UP_DAYS,
                                        label="Follow up after (days)")
    version = VersionField()


class CoverageForm(forms.Form):
    outlet = forms.CharField(max_length=200, label="Outlet")
    published_on = DateField(label="Published on")
    url = forms.CharField(max_length=500, required=False, label="Link to the story")
    headline = forms.CharField(max_length=300, required=False, label="Headline")
    version = VersionField()
