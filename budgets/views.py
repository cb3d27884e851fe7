from django.http import HttpResponse
from django.shortcuts import render

from budgets import selectors, tables
from meetings.text import SafeCsvWriter, format_danish_number


def key_list(request):
    return render(request, "budgets/key_list.html", {"keys": selectors.keys_for(request.user)})


def key_detail(request, pk):
    key = selectors.key_for(pk=pk, user=request.user)
    return render(request, "budgets/key_detail.html", {"key": key, **selectors.key_split(key=key)})


def table_list(request):
    return render(
        request, "budgets/table_list.html", {"tables": selectors.tables_for(request.user)}
    )


def _table_context(request, pk):
    table = selectors.table_for(pk=pk, user=request.user)
    figures = tables.table_figures(table)
    return {
        "table": table,
        "figures": figures,
        "warnings": tables.table_warnings(table, figures),
        "charge": tables.next_year_charge(table),
        "payback": tables.surplus_payback(table, figures),
        "chart": selectors.table_chart(figures),
    }


def table_detail(request, pk):
    return render(request, "budgets/table_detail.html", _table_context(request, pk))


def table_csv(request, pk):
    """The table as CSV (semicolon-separated, decimal comma: opens directly in Danish Excel)."""
    context = _table_context(request, pk)
    table, figures = context["table"], context["figures"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{table.pk}.csv"'
    response.write("\ufeff")
    writer = SafeCsvWriter(response, delimiter=";")
    header = ["Post", "Side"] + [pf.period.label for pf in figures.periods]
    writer.writerow(header)
    for entry in figures.grid:
        writer.writerow(
            [entry["line"].label, entry["line"].get_side_display()]
            + [format_danish_number(a.value, 2) if a else "" for a in entry["cells"]]
        )
    writer.writerow(
        ["Udgifter i alt", ""] + [format_danish_number(pf.expenses, 2) for pf in figures.periods]
    )
    writer.writerow(
        ["Indtægter i alt", ""] + [format_danish_number(pf.income, 2) for pf in figures.periods]
    )
    writer.writerow(
        ["Overskud/underskud", ""] + [format_danish_number(pf.result, 2) for pf in figures.periods]
    )
    return response
