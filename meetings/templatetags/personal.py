"""`{% personal "template" %}`: a part of a page that belongs to the reader alone (their name,
a form's CSRF token, their apologies, their notes). Rendered in place like an include, except
while meetings/personal_shell.py keeps a page for an audience: then it leaves a marker, and each
request puts its own part in there."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, template_name):
    shell = context.get("personal_shell")
    if shell is not None:
        return mark_safe(shell.slot(template_name))
    return context.template.engine.get_template(template_name).render(context)
