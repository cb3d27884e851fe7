"""An approved accounts-and-budget table as a PDF annex, landscape when the table is wide."""

from django.template.loader import render_to_string


def table_pdf(table) -> bytes:
    from budgets import tables
    from meetings.publishing.layout import html_to_pdf

    figures = tables.table_figures(table)
    landscape = len(figures.periods) * 2 + 1 > 5
    html = render_to_string(
        "pdf/budget_table.html", {"table": table, "figures": figures, "landscape": landscape}
    )
    return html_to_pdf(html)
