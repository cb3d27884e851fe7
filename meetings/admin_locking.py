"""The lock on every admin page that edits a meeting or a part of its agenda (meetings/locking.py).

The form carries the page's lock token and refuses an out-of-date page while validating; so does
the page that adds an item under a section (the lock of that section's meeting). Two saves
that validate at the same moment are decided when saving: the page's save claims the lock with one
compare-and-increment statement; the loser's transaction is rolled back and its page is shown
again with the other person's changes listed and its own entries still in the form.
"""

from django.contrib.admin.utils import flatten_fieldsets
from django.db import transaction

from meetings.forms import LOCK_FIELD, LockedForm
from meetings.locking import (
    LockToken,
    StaleEdit,
    lock_check,
    lock_claim,
    lock_current,
    meeting_id_of,
)
from meetings.models import Meeting


def form_lock(form) -> LockToken | None:
    return form.cleaned_data.get(LOCK_FIELD)


def _add_form(form, meeting_id: int):
    """An add page's form: opened with the meeting's lock, refused when the page is out of date."""

    class AddForm(form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            token = lock_current(meeting_id)
            self.fields[LOCK_FIELD].initial = str(token) if token else ""

        def clean(self):
            cleaned = super().clean()
            lock_check(meeting_id=meeting_id, token=cleaned.get(LOCK_FIELD))
            return cleaned

    AddForm.__name__ = form.__name__
    return AddForm


class LockedAdminMixin:
    """For the ModelAdmin of a meeting, section, item or annex. A meeting's own save claims the
    lock in ``services.meeting_save``; a part's save, or a new part's, claims it here, before
    anything is written."""

    def add_lock_meeting_id(self, request) -> int | None:
        """The meeting whose lock this model's add page takes (None: the page takes none)."""
        return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, LockedForm):
            kwargs["form"] = type(
                base.__name__, (LockedForm, base), {"__module__": base.__module__}
            )
        form = super().get_form(request, obj, change, **kwargs)
        meeting_id = None if obj is not None else self.add_lock_meeting_id(request)
        return form if meeting_id is None else _add_form(form, meeting_id)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if LOCK_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        if obj is None and self.add_lock_meeting_id(request) is None:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], LOCK_FIELD]}), *rest]

    def save_form(self, request, form, change):
        if not isinstance(form.instance, Meeting):
            # A new item belongs to the meeting of the section it is added under.
            meeting_id = meeting_id_of(form.instance)
            if change or meeting_id is not None:
                lock_claim(meeting_id=meeting_id, token=form_lock(form))
        return super().save_form(request, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit:
            # Someone saved between this page's check and its save. Everything of this save was
            # rolled back; validating again shows the page with what the other person changed.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except StaleEdit:
            return super().history_form_view(request, object_id, version_id, extra_context)
