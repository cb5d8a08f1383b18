"""Form fields shared by several apps."""

from __future__ import annotations

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .http import MAX_ID, int_param

# The formats ``<input type=date>`` and ``<input type=datetime-local>`` require (HTML's
# "valid date string"): a browser drops any other value, so a localised one ("23/02/2026")
# would be lost on the next save. Every form of the app renders its dates through these.
ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)


class DateField(forms.DateField):
    """A date typed into ``<input type=date>``: rendered and read as ISO (a typed
    ``dd/mm/yyyy`` from a client without a date picker is read too)."""

    widget = DateInput
    input_formats = [ISO_DATE, "%d/%m/%Y"]


class DateTimeField(forms.DateTimeField):
    widget = DateTimeLocalInput
    input_formats = [ISO_DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", ISO_DATE]


class IdField(forms.IntegerField):
    """The id of a record, chosen in a picker (a hidden input): a whole number within the
    range of a database id, so that no typed or forged value reaches a query unbounded."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


def _an_id(value) -> int:
    number = int_param(value, minimum=1)
    if number is None:
        raise ValueError(f"{value!r} is not an id")
    return number


class IdsField(forms.TypedMultipleChoiceField):
    """Ids from a person picker; the view resolves them inside the workspace (404 otherwise)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(coerce=_an_id, **kwargs)

    def valid_value(self, value):
        return True


class LinesField(forms.CharField):
    """A textarea whose value is a list of non-empty lines."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value


class QuickSelect(forms.Select):
    """A single-choice ``<select>`` written out in Python: the same HTML as Django's
    Select, without a template render per option (a time-zone menu has ~600 of them)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in self.format_value(value)}
        # html.escape rather than format_html per option: a tenth of the time for 600.
        options = "".join(
            f'<option value="{html.escape(str(key))}"'
            f'{" selected" if str(key) in chosen else ""}>{html.escape(str(label))}</option>'
            for key, label in self.choices
        )
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))


class VersionField(forms.CharField):
    """The version of the record an edit form was loaded from (``core.versions``): a
    hidden input sent back on save, so that a save over a newer version is refused."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=400, **kwargs)

    def clean(self, value):
        return super().clean(value) or None
