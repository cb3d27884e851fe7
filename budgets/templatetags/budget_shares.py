"""A municipality's own figures, on its page: its part of each key and surplus paid back."""

from django import template

from budgets.selectors import municipality_shares

register = template.Library()


@register.inclusion_tag("budgets/_municipality_shares.html", takes_context=True)
def municipality_shares_table(context, municipality):
    return {
        "municipality": municipality,
        "shares": municipality_shares(municipality, user=context["request"].user),
    }
