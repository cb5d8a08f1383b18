"""Forms for follow-up settings: parse input, nothing more."""

from __future__ import annotations

from django import forms

from backstory.people.models import Circle

from .cadence import Window
from .models import DigestFrequency, FollowupPrefs, Weekday
from .services import DigestSettings


class GoalForm(forms.Form):
    weekly_goal = forms.IntegerField(min_value=1, max_value=100, label="Weekly goal (touches)")


class CadenceDefaultsForm(forms.Form):
    """One row per circle: the window in days and a switch to turn reminders off."""

    def __init__(self, *args, windows: dict[str, Window], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for circle, label in Circle.choices:
            window = windows[circle]
            lo = forms.IntegerField(min_value=1, max_value=3650, initial=window.min_days,
                                    label=f"{label}: from day")
            hi = forms.IntegerField(min_value=1, max_value=3650, initial=window.max_days,
                                    label=f"{label}: until day")
            off = forms.BooleanField(required=False, initial=window.off,
                                     label=f"{label}: no reminders")
            self.fields[f"min_{circle}"] = lo
            self.fields[f"max_{circle}"] = hi
            self.fields[f"off_{circle}"] = off
            self.rows.append((circle, label))

    def clean(self):
        data = super().clean()
        for circle, label in self.rows:
            lo, hi = data.get(f"min_{circle}"), data.get(f"max_{circle}")
            if lo and hi and lo > hi:
                self.add_error(f"max_{circle}", f"{label}: the window must end after it starts.")
        return data

    def bound_rows(self):
        return [(label, self[f"min_{c}"], self[f"max_{c}"], self[f"off_{c}"])
                for c, label in self.rows]

    def windows(self) -> dict[str, Window]:
        d = self.cleaned_data
        return {c: Window(d[f"min_{c}"], d[f"max_{c}"], d[f"off_{c}"]) for c, _ in self.rows}


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(choices=DigestFrequency.choices, label="Send me a digest")
    at = forms.TimeField(label="At", widget=forms.TimeInput(attrs={"type": "time"},
                                                          format="%H:%M"))
    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int,
                                     label="On (weekly digest)")
    address = forms.EmailField(required=False, label="To",
                               help_text="Leave empty to use the address of your account.")

    @staticmethod
    def initial_for(prefs: FollowupPrefs) -> dict:
        return {"frequency": prefs.digest_frequency, "at": prefs.digest_time,
                "weekday": prefs.digest_weekday, "address": prefs.digest_address}

    def to_settings(self) -> DigestSettings:
        d = self.cleaned_data
        return DigestSettings(frequency=d["frequency"], at=d["at"], weekday=d["weekday"],
                              address=d["address"] or "")
