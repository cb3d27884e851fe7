"""The lock on every admin page that edits a meeting or a part of its agenda (meetings/locking.py).

The form carries the page's lock token and refuses an out-of-date page while validating. Two saves
that validate at the same moment are decided when saving: the page's save claims the lock with one
compare-and-increment statement; the loser's transaction is rolled back and its page is shown
again with the other person's changes listed and its own entries still in the form.
"""

from django.contrib.admin.utils import flatten_fieldsets
from django.db import transaction

from meetings.forms import LOCK_FIELD, LockedForm
from meetings.locking import LockToken, StaleEdit, lock_claim, meeting_id_of
from meetings.models import Meeting


def form_lock(form) -> LockToken | None:
    return form.cleaned_data.get(LOCK_FIELD)


class LockedAdminMixin:
    """For the ModelAdmin of a meeting, section, item or annex. A meeting's own save claims the
    lock in ``services.meeting_save``; a part's save claims it here, before anything is written."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, LockedForm):
            kwargs["form"] = type(
                base.__name__, (LockedForm, base), {"__module__": base.__module__}
            )
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or LOCK_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], LOCK_FIELD]}), *rest]

    def save_form(self, request, form, change):
        if change and not isinstance(form.instance, Meeting):
            lock_claim(meeting_id=meeting_id_of(form.instance), token=form_lock(form))
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
