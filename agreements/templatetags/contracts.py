from django import template
from django.utils.translation import gettext as _

from agreements.fulfilment import activity_sentence, fulfilment

register = template.Library()


@register.simple_tag
def activity_rule(goal):
    return activity_sentence(goal)


@register.simple_tag
def target_row(target, year):
    value = next((v.value for v in target.values.all() if v.year == year), None)
    result = next((r for r in target.results.all() if r.year == year), None)
    outcome = fulfilment(target, year, result.achieved if result else None)
    labels = {"full": _("opfyldt"), "partial": _("delvis opfyldt"), "not_met": _("ikke opfyldt")}
    return {
        "value": value,
        "result": result,
        "fulfilment_label": labels[outcome[0]] if outcome else "",
    }
