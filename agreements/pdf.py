"""The contract as a PDF annex, in the layout of the signed 2023 contract (seed 000): its
chapters numbered from 1, the goals where a chapter says (national goals, then local ones), and
each party's signature block."""

from agreements.models import Contract, Goal
from agreements.selectors import GOALS
from meetings.publishing.layout import council_html, html_to_pdf


def contract_pdf(contract) -> bytes:
    contract = Contract.objects.prefetch_related("chapters", "signatures", GOALS).get(
        pk=contract.pk
    )
    goals = list(contract.goals.all())
    chapters = list(contract.chapters.all())
    context = {
        "contract": contract,
        "chapters": chapters,
        "goals": goals,
        "national": [g for g in goals if g.kind == Goal.Kind.NATIONAL],
        "local": [g for g in goals if g.kind == Goal.Kind.LOCAL],
        # Without a chapter that holds them, the goals follow the chapters.
        "goals_after": bool(goals) and not any(c.lists_goals for c in chapters),
    }
    html = council_html("pdf/contract.html", context)
    return html_to_pdf(html)
