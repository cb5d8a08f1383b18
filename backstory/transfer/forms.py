"""Forms of the Import / export pages: parse input, nothing more."""

from __future__ import annotations

from django import forms

from .formats import importers
from .formats.columns import TARGETS


class UploadForm(forms.Form):
    # An empty file is the import's to refuse ("This file is empty."), not "choose a file".
    file = forms.FileField(label="File to import", allow_empty_file=True,
                           help_text="LinkedIn, Google or Outlook CSV, vCard (.vcf), calendar "
                                     "(.ics), Excel or CSV spreadsheet.")
    format = forms.ChoiceField(
        label="Format", required=False,
        choices=[("", "Recognise it for me")] + [(i.key, i.label) for i in importers()],
        help_text="Backstory looks at the content; choose only if it guesses wrong.")


class MappingForm(forms.Form):
    date_order = forms.ChoiceField(
        label="Dates like 03/04/2024 are", initial="DMY",
        choices=[("DMY", "day / month / year (3 April)"), ("MDY", "month / day / year (March 4)")])

    def __init__(self, *args, headers: list[str], samples: list[list[str]],
                 initial_map: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— leave out —")] + [(t.key, t.label) for t in TARGETS]
        self.columns = []
        for index, header in enumerate(headers):
            name = f"col_{index}"
            example = ", ".join(s[index] for s in samples if index < len(s) and s[index])[:80]
            self.fields[name] = forms.ChoiceField(
                label=header or f"Column {index + 1}", choices=choices, required=False,
                initial=initial_map.get(index, ""),
                help_text=f"e.g. {example}" if example else "empty in the first rows")
            self.columns.append(name)

    def mapping(self) -> dict[int, str]:
        return {int(name[4:]): self.cleaned_data[name] for name in self.columns
                if self.cleaned_data.get(name)}

    def column_fields(self):
        return [self[name] for name in self.columns]
