from __future__ import annotations

import functools
import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from backstory.core.forms import QuickSelect, VersionField

from .models import Role


class SignInForm(AuthenticationForm):
    username = forms.CharField(label="User name", widget=forms.TextInput(
        attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}))


class PasswordSetForm(forms.Form):
    current_password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Current password")
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               label="New password")
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), label="Once more")

    def __init__(self, *args, ask_current: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_current:
            # Signed in by a one-time link, or no password yet: there is nothing to ask.
            del self.fields["current_password"]

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords are not the same.")
        return data


@functools.lru_cache(maxsize=1)
def _time_zone_choices() -> tuple[tuple[str, str], ...]:
    # available_timezones() reads the zone files from disk: once per process is enough.
    return tuple((name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()))


class WorkspaceForm(forms.Form):
    name = forms.CharField(max_length=120)
    time_zone = forms.ChoiceField(choices=[], widget=QuickSelect)
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _time_zone_choices()


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150, label="User name")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.EDITOR)


class InviteForm(forms.Form):
    email = forms.CharField(max_length=254, label="E-mail address", widget=forms.EmailInput(
        attrs={"autocomplete": "off", "autocapitalize": "none"}))
    role = forms.ChoiceField(choices=Role.choices, initial=Role.EDITOR)


class JoinForm(forms.Form):
    """A new account for someone who follows an invitation."""

    username = forms.CharField(max_length=150, label="User name", widget=forms.TextInput(
        attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               label="Password")
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), label="Once more")

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords are not the same.")
        return data


class MemberLeavesForm(forms.Form):
    """Whom the people a leaving member leads go to."""

    successor = forms.TypedChoiceField(coerce=int, empty_value=None, required=False,
                                       label="Hand their people to")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].choices = [("", "Nobody (no owner)")] + [
            (user.pk, user.get_username()) for user in members]
