import nested_admin.formsets
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from tinymce.widgets import TinyMCE

from meetings import signals
from meetings.locking import LockToken, lock_check, lock_current, meeting_id_of
from meetings.models import AgendaItem, Annex, Meeting
from meetings.richtext import sanitize_html
from meetings.services import annex_prepare
from meetings.text import strip_control_characters
from meetings.uploads import title_from_filename

ONE_LINE_FIELDS = ("title", "case_number", "initials", "location")


def one_line_fields_clean(cleaned: dict) -> dict:
    """Titles and names are one line: control characters and line breaks never get saved (they
    break file names in download headers and e-mail subjects)."""
    for name in ONE_LINE_FIELDS:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = strip_control_characters(cleaned[name])
    return cleaned


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
        cleaned = one_line_fields_clean(super().clean())
        for field in AgendaItem.TEXT_FIELDS:
            if field in cleaned:
                cleaned[field] = sanitize_html(cleaned[field])
        return cleaned


class AnnexForm(forms.ModelForm):
    class Meta:
        model = Annex
        fields = ["position", "title", "file", "closed"]

    def save(self, commit=True):
        annex = super().save(commit=commit)
        if "file" in self.changed_data:
            transaction.on_commit(
                lambda: signals.annex_stored.send(sender=Annex, annex_id=self.instance.pk)
            )
        return annex

    def clean(self):
        cleaned = one_line_fields_clean(super().clean())
        uploaded = cleaned.get("file")
        if uploaded and "file" in self.changed_data:
            try:
                cleaned["file"] = annex_prepare(annex=self.instance, uploaded=uploaded)
            except ValidationError as error:
                self.add_error("file", error)
                return cleaned
            if not (cleaned.get("title") or "").strip():
                cleaned["title"] = title_from_filename(uploaded.name)
        return cleaned


LOCK_FIELD = "edit_version"


class LockedForm(forms.Form):
    """Mixed into a ModelForm of a meeting or an agenda part."""

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token = lock_current(meeting_id_of(self.instance)) if self.instance.pk else None
        self.fields[LOCK_FIELD].initial = str(token) if token else ""

    def clean_edit_version(self):
        return LockToken.parse(self.cleaned_data.get(LOCK_FIELD))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            lock_check(meeting_id=meeting_id_of(self.instance), token=cleaned.get(LOCK_FIELD))
        return cleaned


class MeetingForm(LockedForm, forms.ModelForm):
    """Refuses a save based on an out-of-date page, and says what the other person changed."""

    class Meta:
        model = Meeting
        fields = ["body", "title", "kind", "start", "location", "cancelled", "late_publish_reason"]


class AgendaItemFormSet(nested_admin.formsets.NestedInlineFormSet):
    """Two items of one section may not claim the same number."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            position = form.cleaned_data.get("position")
            if position is None or not form.cleaned_data.get("title"):
                continue
            if position in seen:
                raise ValidationError(
                    _("To punkter i samme afsnit har nummer %(n)s: “%(a)s” og “%(b)s”.")
                    % {"n": position, "a": seen[position], "b": form.cleaned_data["title"]},
                    code="collision",
                )
            seen[position] = form.cleaned_data["title"]
