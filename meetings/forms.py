from django import forms
from django.core.exceptions import ValidationError
from tinymce.widgets import TinyMCE

from meetings.models import AgendaItem, Annex
from meetings.richtext import sanitize_html
from meetings.services import annex_prepare
from meetings.uploads import title_from_filename


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "position",
            "title",
            "case_number",
            "initials",
            "closed",
            *AgendaItem.TEXT_FIELDS,
        ]
        widgets = {field: TinyMCE(attrs={"rows": 8}) for field in AgendaItem.TEXT_FIELDS}

    def clean(self):
        cleaned = super().clean()
        for field in AgendaItem.TEXT_FIELDS:
            if field in cleaned:
                cleaned[field] = sanitize_html(cleaned[field])
        return cleaned


class AnnexForm(forms.ModelForm):
    class Meta:
        model = Annex
        fields = ["position", "title", "file", "closed"]

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("file")
        if uploaded and "file" in self.changed_data:
            try:
                annex_prepare(annex=self.instance, uploaded=uploaded)
            except ValidationError as error:
                self.add_error("file", error)
                return cleaned
            if not (cleaned.get("title") or "").strip():
                cleaned["title"] = title_from_filename(uploaded.name)
        return cleaned
