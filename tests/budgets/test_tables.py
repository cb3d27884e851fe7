"""Accounts-and-budget tables: computed totals, the seed's typed totals, warnings, exports."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budgets import demo, services, tables
from budgets.models import Amount, BudgetTable, Footnote, Period
from meetings.demo import municipalities_ensure
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_tables():
    municipalities_ensure()
    demo.load_app_demo()
    return {
        "sundhed": BudgetTable.objects.get(secretariat__name__startswith="Det fælleskommunale"),
        "social": BudgetTable.objects.get(secretariat__name__startswith="Sekretariat for Nordjysk"),
    }


def _figures(table):
    return {pf.period.label: pf for pf in tables.table_figures(table).periods}


def test_seed_totals_computed_where_the_seed_is_right(seed_tables):
    sundhed = _figures(seed_tables["sundhed"])
    assert sundhed["Budget 2023"].expenses == sundhed["Budget 2023"].income == Decimal("2316569")
    assert sundhed["Regnskab 2023"].expenses == Decimal("1766191")
    assert sundhed["Regnskab 2023"].income == Decimal("2337680.47")
    assert sundhed["Regnskab 2023"].result == Decimal("571489.47")  # printed rounded: 571.490
    social = _figures(seed_tables["social"])
    assert social["Budget 2023"].expenses == Decimal("2577948.60")
    assert social["Regnskab 2023"].expenses == Decimal("2030381.06")
    assert social["Regnskab 2023"].result == Decimal("571030.56")


def test_seed_typed_2024_expense_totals_are_shown_wrong(seed_tables):
    sundhed = _figures(seed_tables["sundhed"])["Budget 2024"]
    assert (sundhed.expenses, sundhed.period.typed_expenses, sundhed.expense_typo) == (
        Decimal("2019061"), Decimal("2019060"), Decimal("-1"),
    )  # fmt: skip
    social = _figures(seed_tables["social"])["Budget 2024"]
    assert (social.expenses, social.expense_typo) == (Decimal("2165217.60"), Decimal("-0.30"))
    messages = [w.message for w in tables.table_warnings(seed_tables["sundhed"])]
    assert (
        "Den trykte total for udgifter i Budget 2024 afviger -1,00 kr. fra summen af posterne."
        in messages
    )
    assert "Budget 2024 balancerer ikke: forskel -1,00 kr." in messages


def test_pl_uplift_gives_next_years_charge(seed_tables):
    charge = tables.next_year_charge(seed_tables["sundhed"])
    assert charge["base"] == Decimal("1690518.25") and charge["factor"] == Decimal("1.048")
    assert charge["exact"] == Decimal("1771663.126") and charge["rounded"] == Decimal("1771663")


def test_surplus_is_partly_carried_and_the_rest_paid_back_by_key(seed_tables):
    payback = tables.surplus_payback(seed_tables["sundhed"])
    assert payback["payback"] == Decimal("571489.47") - Decimal("247397")
    split = payback["split"]
    assert split.rounded_total == payback["payback"]
    assert len(split.rows) == 11


def test_warnings_trigger_and_stay_quiet(seed_tables):
    table = seed_tables["sundhed"]
    codes = lambda: sorted({w.code for w in tables.table_warnings(table)})  # noqa: E731
    assert codes() == ["typed_total", "unbalanced"]
    Period.objects.filter(table=table, label="Budget 2023").update(year=2022)
    Amount.objects.filter(line__table=table, footnote="3").update(footnote="9")
    Footnote.objects.create(table=table, mark="7", text="Ingen henviser hertil.")
    assert codes() == [
        "footnote_missing",
        "footnote_unused",
        "period_label",
        "typed_total",
        "unbalanced",
    ]


def test_balanced_budget_has_no_warning(seed_tables):
    table = seed_tables["sundhed"]
    Period.objects.filter(table=table).update(typed_expenses=None, typed_income=None)
    Amount.objects.filter(
        line__table=table, line__label="Husleje", period__label="Budget 2024"
    ).update(value=Decimal("37617"))
    assert tables.table_warnings(table) == []


@pytest.mark.parametrize("role", ["secretariat", "council_member", "municipality", "anonymous"])
def test_table_page_chart_and_csv(seed_tables, client_for, role):
    table = seed_tables["sundhed"]
    client = client_for(role)
    html = client.get(table.get_absolute_url()).content.decode()
    assert "2.019.061,00" in html and "trykt 2.019.060,00" in html
    assert '<svg class="chart" role="img"' in html and '<title id="chart-title">' in html
    assert "1.690.518,25 × (1 + 4,8 %) = 1.771.663,13 ≈ 1.771.663 kr." in html
    csv_text = client.get(reverse("budgets:table_csv", args=[table.pk])).content.decode("utf-8-sig")
    assert "Udgifter i alt;;2.316.569,00;1.766.191,00;2.019.061,00" in csv_text.replace("\r", "")


@pytest.mark.parametrize("role", ["council_member", "municipality", "anonymous"])
def test_draft_tables_are_secretariat_only(seed_tables, client_for, role):
    table = seed_tables["social"]
    table.status = BudgetTable.Status.DRAFT
    table.save()
    client = client_for(role)
    assert client.get(table.get_absolute_url()).status_code == 404
    assert client.get(reverse("budgets:table_csv", args=[table.pk])).status_code == 404
    assert "Socialaftale" not in client.get(reverse("budgets:table_list")).content.decode()


def test_table_becomes_a_landscape_annex(seed_tables):
    item = ItemFactory(title="Godkendelse af regnskab 2023 og budget 2024")
    annex = services.table_attach_to_item(table=seed_tables["sundhed"], item=item)
    with annex.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    box = reader.pages[0].mediabox
    assert box.width > box.height
    assert "2.019.061,00" in reader.pages[0].extract_text()


def test_negative_amount_is_refused(seed_tables):
    from django.core.exceptions import ValidationError

    amount = Amount.objects.filter(line__table=seed_tables["sundhed"]).first()
    amount.value = Decimal("-5")
    with pytest.raises(ValidationError, match="ikke være negativt"):
        amount.full_clean()
