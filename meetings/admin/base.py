"""Shared pieces of the secretariat's admin: Danish add-links."""

import json

from django.contrib.admin import helpers
from django.utils.translation import gettext as _


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
