"""Every field the secretariat meets in the admin (a list's column or filter, a form's field, an
inline's column) is named in Danish, and in English when English is chosen: a name Django makes
from the field's own name ("published by") is neither."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.forms.models import _get_foreign_key
from django.test import RequestFactory
from django.utils.functional import Promise

OURS = {"meetings", "agreements", "budgets", "municipalities", "compliance", "archive", "search",
        "notes", "api"}  # fmt: skip


def _field(model, path):
    """The model field a lookup such as "section__meeting__body" ends at, or None."""
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model or model
    return field


def _shown(model_admin, request):
    names = [n for n in getattr(model_admin, "list_display", []) if isinstance(n, str)]
    names += [f if isinstance(f, str) else f[0] for f in getattr(model_admin, "list_filter", [])
              if isinstance(f, (str, tuple))]  # fmt: skip
    for entry in model_admin.get_fields(request, None):
        names += list(entry) if isinstance(entry, (tuple, list)) else [entry]
    return [name for name in names if isinstance(name, str)]


def test_every_field_the_admin_shows_has_a_name_made_for_it(db):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_staff=True, is_superuser=True)
    unnamed = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OURS:
            continue
        admins = [(model, model_admin, None)] + [
            (inline.model, inline, _get_foreign_key(model, inline.model, inline.fk_name).name)
            for inline in model_admin.get_inline_instances(request)
        ]
        for shown_model, shown_admin, parent in admins:
            # An inline leaves out its link to the page's own object.
            for name in set(_shown(shown_admin, request)) - {parent}:
                field = _field(shown_model, name)
                if field is not None and not isinstance(field.verbose_name, Promise):
                    unnamed.add(f"{field.model._meta.label}.{field.name}")
    assert not unnamed, "\n".join(sorted(unnamed))
