"""Shared pieces of the secretariat's admin: Danish add-links, the meeting a row belongs to."""

import json
from functools import reduce

from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kkr_portal.admin import ReadOnlyAdmin


class DanishInlineAdminFormSet(helpers.InlineAdminFormSet):
    """Django builds "Tilføj endnu en <Model>" with a capital and without the noun's gender."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        add_text = getattr(self.opts, "add_text", None)
        data["options"]["addText"] = str(
            add_text or _("Tilføj %(name)s") % {"name": self.opts.verbose_name}
        )
        return json.dumps(data, ensure_ascii=False)


class DanishInlineMixin:
    """An inline that says how to add one more of it, e.g. "Tilføj endnu et bilag"."""

    add_text = None


class DanishAddLinksMixin:
    """For a ModelAdmin with inlines: their add-links in Danish grammar."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        result = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for admin_formset in result:
            admin_formset.__class__ = DanishInlineAdminFormSet
        return result


def meeting_column(via: str):
    """A list column naming the meeting a row belongs to by its date, leading to the meeting's
    page: every meeting has a "1.1 Godkendelse af dagsorden". `via` is the lookup path from the
    row to its meeting, e.g. "section__meeting"."""

    @admin.display(description=gettext_lazy("møde"), ordering=f"-{via}__start")
    def meeting(obj):
        found = reduce(getattr, via.split("__"), obj)
        day = formats.date_format(timezone.localtime(found.start), "d.m.Y")
        url = reverse("admin:meetings_meeting_change", args=[found.pk])
        return format_html('<a href="{}" title="{}">{}</a>', url, found, day)

    return meeting


class VersionWorkAdmin(ReadOnlyAdmin):
    """Work a worker does for a published version (its PDFs, its e-mail to subscribers): each
    row names its meeting, the list narrows by status, and failed work can be tried again."""

    list_filter = ["status"]
    list_select_related = ["version__meeting__body"]
    meeting = staticmethod(meeting_column("version__meeting"))
