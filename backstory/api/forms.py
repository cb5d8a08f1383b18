"""The form of the API tokens page: parse input, nothing more."""

from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, label="Name",
                           help_text="What will use it, e.g. “Calendar sync”.")
    read_only = forms.BooleanField(required=False, label="Read-only (it can never write)")
