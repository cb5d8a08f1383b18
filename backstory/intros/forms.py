"""Forms for introductions and opportunities: parse input, nothing more."""

from __future__ import annotations

from django import forms

from backstory.core.forms import DateField, IdField, VersionField

from .models import OpportunityKind, Outcome


class IntroductionForm(forms.Form):
    person_a = IdField()
    person_b = IdField()
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why they should meet",
                             help_text="One or two sentences; it goes into the draft e-mails.")
    a_requested = forms.BooleanField(required=False,
                                     label="The first person asked me for this introduction")

    def clean(self):
        data = super().clean()
        if not data.get("person_a"):
            self.add_error(None, "Choose the first person (the one you ask first).")
        elif not data.get("person_b"):
            self.add_error(None, "Choose the person to introduce them to.")
        return data


class IntroductionEditForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why they should meet")
    version = VersionField()


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect,
                                label="How did it go")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           label="Note")


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(choices=OpportunityKind.choices, initial=OpportunityKind.JOB)
    title = forms.CharField(max_length=200, label="What is it",
                            help_text="e.g. “Senior product marketing manager, fintech”.")
    organization_name = forms.CharField(max_length=200, required=False, label="Organisation")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False,
                                  label="Description",
                                  help_text="Paste the posting or the request: every word "
                                            "helps find the right people.")
    keywords = forms.CharField(max_length=300, required=False, label="Keywords",
                               help_text="Words or tags that describe who it suits.")
    url = forms.CharField(max_length=500, required=False, label="Link")
    deadline = DateField(required=False, label="Deadline")
    contact = IdField()
    brought_by = IdField()
    version = VersionField()


class IntroRequestForm(forms.Form):
    """Ask a teammate for an introduction (on the person page)."""

    asked = IdField(label="Teammate")
    for_person = IdField(label="Introduce them to")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000, label="Note for your teammate",
                           help_text="Why you would like to meet; it becomes the reason.")

    def clean(self):
        data = super().clean()
        if not data.get("asked"):
            self.add_error("asked", "Choose the teammate to ask.")
        if not data.get("for_person"):
            self.add_error("for_person", "Choose who should meet them (you, or a colleague).")
        return data


class IntroRequestAnswerForm(forms.Form):
    """Accept (with an optional reason) or decline (with a note) a request."""

    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000, label="Note")
