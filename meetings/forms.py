import nested_admin.formsets
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tinymce.widgets import TinyMCE

from meetings import signals
from meetings.models import AgendaItem, Annex, Meeting
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

    def save(self, commit=True):
        annex = super().save(commit=commit)
        if "file" in self.changed_data:
            transaction.on_commit(
                lambda: signals.annex_stored.send(sender=Annex, annex_id=self.instance.pk)
            )
        return annex

    def clean(self):
        cleaned = super().clean()
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


class StaleEdit(ValidationError):
    pass


def changes_since(meeting: Meeting, lock_version: int) -> list[str]:
    """Who changed what in the meeting (and its agenda) after the given lock version."""
    newer = Meeting.history.filter(id=meeting.pk, lock_version__gt=lock_version).order_by(
        "history_date"
    )
    first = newer.first()
    if first is None:
        return []
    lines = []
    for record in newer.select_related("history_user"):
        lines.append(_describe(record, _("mødet")))
    items = AgendaItem.history.filter(
        section__meeting_id=meeting.pk, history_date__gte=first.history_date
    ).select_related("history_user")
    for record in items.order_by("history_date"):
        lines.append(_describe(record, _("punktet “%(title)s”") % {"title": record.title}))
    annexes = Annex.history.filter(
        item__section__meeting_id=meeting.pk, history_date__gte=first.history_date
    ).select_related("history_user")
    for record in annexes.order_by("history_date"):
        lines.append(_describe(record, _("bilaget “%(title)s”") % {"title": record.title}))
    return lines


def _describe(record, what) -> str:
    verb = {"+": _("tilføjede"), "~": _("ændrede"), "-": _("slettede")}[record.history_type]
    who = (
        record.history_user.get_full_name() or record.history_user.username
        if record.history_user
        else _("en anden")
    )
    when = timezone.localtime(record.history_date).strftime("%H.%M")
    return _("%(who)s %(verb)s %(what)s kl. %(when)s") % {
        "who": who,
        "verb": verb,
        "what": what,
        "when": when,
    }


class MeetingForm(forms.ModelForm):
    """Refuses a save based on an out-of-date page, and says what the other person changed."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["body", "title", "kind", "start", "location", "cancelled", "late_publish_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.lock_version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        submitted = cleaned.get("edit_version")
        current = Meeting.objects.filter(pk=self.instance.pk).values_list("lock_version", flat=True)
        current = current.first()
        if submitted is None or current is None or submitted != current:
            lines = changes_since(self.instance, submitted or 0)
            message = _(
                "Mødet er blevet ændret af en anden, efter du åbnede siden. Dine ændringer er "
                "ikke gemt. Åbn mødet igen for at se den nye udgave, og indfør dine ændringer dér."
            )
            if lines:
                message += " " + _("Ændringer: %(changes)s.") % {"changes": "; ".join(lines)}
            raise StaleEdit(message, code="stale")
        return cleaned


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
