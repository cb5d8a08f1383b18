from django import forms

from backstory.core.events import EVENTS
from backstory.core.forms import VersionField

EVENT_CHOICES = [(name, f"{label} ({name})") for name, label in EVENTS.items()]


class WebhookForm(forms.Form):
    url = forms.CharField(label="URL", max_length=500,
                          widget=forms.URLInput(attrs={"placeholder": "https://",
                                                       "inputmode": "url"}),
                          help_text="Backstory POSTs each event here as JSON, signed.",
                          error_messages={"required": "Where should the events go? Give the URL."})
    description = forms.CharField(label="Description", max_length=200, required=False,
                                  help_text="What this endpoint is, e.g. “Zapier: new people”.")
    events = forms.MultipleChoiceField(label="Events", choices=EVENT_CHOICES,
                                       widget=forms.CheckboxSelectMultiple, error_messages={
                                           "required": "Choose at least one event to send."})


class WebhookEditForm(WebhookForm):
    is_active = forms.BooleanField(label="Active (send events)", required=False)
    version = VersionField()
