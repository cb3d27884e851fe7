"""django-nested-admin's template library, with one filter made safe.

The upstream `formsetsort` sorts (position, form) pairs, so a form shown again with two equal
positions (the collision the agenda builder reports) makes it compare forms and fail. This app
comes after nested_admin in INSTALLED_APPS, so its library of the same name is the one loaded.
"""

from django import template
from nested_admin.templatetags import nested_admin as upstream

register = template.Library()
register.tags.update(upstream.register.tags)
register.filters.update(upstream.register.filters)


@register.filter
def formsetsort(formset, arg):
    """The inline forms in the order of their sortable field; equal positions keep form order."""
    if not arg:
        return formset

    def position(item):
        value = item.form[arg].data
        try:
            return int(value) if value not in (None, "", "-1") else None
        except (TypeError, ValueError):
            return None

    items = list(formset)
    placed = sorted((i for i in items if position(i) is not None), key=position)
    return placed + [i for i in items if position(i) is None]
