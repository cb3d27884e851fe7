"""An approved accounts-and-budget table as a PDF annex, landscape when the table is wide, with
its calculations: the PL uplift, the surplus and its repayment by key."""

from budgets import tables
from meetings.publishing.layout import council_html, html_to_pdf


def table_pdf(table) -> bytes:
    figures = tables.table_figures(table)
    landscape = len(figures.periods) * 2 + 1 > 5
    context = {
        "table": table,
        "figures": figures,
        "landscape": landscape,
        # The calculations belong to the annex as they do to the page.
        "charge": tables.next_year_charge(table),
        "payback": tables.surplus_payback(table, figures),
    }
    html = council_html("pdf/budget_table.html", context)
    return html_to_pdf(html)
