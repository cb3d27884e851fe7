"""Accounts-and-budget tables: computed totals, the seed's typed totals, warnings, exports."""

import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from budgets import demo, services, tables
from budgets.models import Amount, BudgetTable, Footnote, Period
from budgets.pdf import table_pdf
from meetings.demo import municipalities_ensure
from meetings.text import format_danish_number
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
    # Shown in Danish order, as the key's own page shows it: Aalborg last.
    names = [row.participant for row in payback["rows"]]
    assert names[0] == "Brønderslev" and names[-3:] == ["Thisted", "Vesthimmerland", "Aalborg"]
    assert sorted(names) == sorted(row.participant for row in split.rows)


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
    # The wide table opens scrolled to its newest period, in its labelled scroll frame.
    assert re.search(
        r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+" data-scroll-end>'
        r'\s*<table class="data-table budget"',
        html,
    )
    csv_text = client.get(reverse("budgets:table_csv", args=[table.pk])).content.decode("utf-8-sig")
    assert "Udgifter i alt;;2.316.569,00;1.766.191,00;2.019.061,00" in csv_text.replace("\r", "")
    # The payback over the municipalities, in Danish order, with its total.
    payback = html[html.index("Tilbagebetaling fordelt efter") :]
    order = [payback.index(f">{name}</th>") for name in ("Brønderslev", "Hjørring", "Aalborg")]
    assert order == sorted(order)
    assert re.search(r'<th scope="row">I alt</th><td class="num">324\.092,47</td>', payback)


def test_english_readers_get_english_numbers_and_the_council_its_danish_pdf(
    seed_tables, client_for, tmp_path
):
    table = seed_tables["sundhed"]
    client = client_for("council_member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(table.get_absolute_url()).content.decode()
    assert "2,019,061.00" in html and "1,690,518.25 × (1 + 4.8 %) = 1,771,663.13" in html
    assert "2.019.061,00" not in html
    assert "Budget 2024 does not balance: difference DKK -1.00." in html
    # The annex made while an English reader's request is active is still the council's.
    with translation.override("en"):
        text = _pdf_text(table, tmp_path)
    assert "2.019.061,00" in text and "2,019,061.00" not in text
    payback = text[text.index("Tilbagebetaling fordelt efter") :]
    order = [payback.index(name) for name in ("Brønderslev", "Hjørring", "Aalborg")]
    assert order == sorted(order)  # Danish order in the PDF too
    # CSV files are for a Danish spreadsheet, whoever fetches them.
    csv_text = client.get(reverse("budgets:table_csv", args=[table.pk])).content.decode("utf-8-sig")
    assert "2.019.061,00" in csv_text


@pytest.mark.parametrize("role", ["council_member", "municipality", "anonymous"])
def test_draft_tables_are_secretariat_only(seed_tables, client_for, role):
    table = seed_tables["social"]
    table.status = BudgetTable.Status.DRAFT
    table.save()
    client = client_for(role)
    assert client.get(table.get_absolute_url()).status_code == 404
    assert client.get(reverse("budgets:table_csv", args=[table.pk])).status_code == 404
    assert "Socialaftale" not in client.get(reverse("budgets:table_list")).content.decode()


def test_the_secretariat_sees_which_tables_are_drafts_only_it_reads(seed_tables, client_for):
    table = seed_tables["social"]
    table.status = BudgetTable.Status.DRAFT
    table.save()
    html = client_for("secretariat").get(reverse("budgets:table_list")).content.decode()
    rows = {
        re.search(r">([^<]+)</a>", row).group(1): row
        for row in re.findall(r"<li><a href=.*?</li>", html, re.S)
    }
    assert "Kladde – kun sekretariatet" in rows[table.title]
    assert "Kladde – kun sekretariatet" not in rows[seed_tables["sundhed"].title]


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


def _pdf_text(table, tmp_path, *pages):
    path = tmp_path / f"tabel-{table.pk}.pdf"
    path.write_bytes(table_pdf(table))
    result = subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.mark.parametrize(
    "which,last_line,totals,calculations",
    [
        (
            "sundhed",
            "Pulje til initiativer",
            ["2.316.569,00", "2.316.569,00", "1.766.191,00", "2.337.680,47", "2.019.061,00"],
            ["1.690.518,25 × 1,048 = 1.771.663,13 kr.", "324.092,47 kr. betales tilbage"],
        ),
        (
            "social",
            "FU godkendte initiativer",
            ["2.577.948,60", "2.601.411,62", "2.030.381,06", "2.601.411,62", "2.165.217,60"],
            ["1.878.845,71 × 1,048 = 1.969.030,30 kr.", "374.843,56 kr. betales tilbage"],
        ),
    ],
)
def test_annex_pdf_has_the_seeds_figures_one_total_row_at_the_end_and_its_calculations(
    seed_tables, tmp_path, which, last_line, totals, calculations
):
    table = seed_tables[which]
    text = _pdf_text(table, tmp_path)
    lines = text.splitlines()
    # The title once (no caption repeating the heading); the page footer is not the page's text.
    assert _pdf_text(table, tmp_path, "-f", "1", "-l", "1").count(table.title) == 1
    # One total row, after the table's last line, never repeated at a page break.
    total_rows = [i for i, line in enumerate(lines) if line.split()[:2] == ["I", "alt"] and totals[0] in line]  # fmt: skip
    assert len(total_rows) == 1, text
    assert total_rows[0] > max(i for i, line in enumerate(lines) if last_line in line)
    assert totals == [n for n in lines[total_rows[0]].split() if "," in n][:5]
    for calculation in calculations:
        assert calculation in " ".join(text.split()), calculation
    # The repayment by key, every municipality with its øre, adding up.
    payback = tables.surplus_payback(table)
    for row in payback["split"].rows:
        assert re.search(rf"{row.participant}\s+[\d,]+ %\s+{format_danish_number(row.rounded, 2)}", text), row  # fmt: skip
    assert "balancerer ikke" not in text


def test_a_planned_surplus_is_shown_as_planned_not_as_unbalanced(seed_tables, tmp_path):
    social = seed_tables["social"]
    budget_2023 = _figures(social)["Budget 2023"]
    assert budget_2023.planned_surplus and budget_2023.result == Decimal("23463.02")
    messages = [w.message for w in tables.table_warnings(social)]
    assert not any(m.startswith("Budget 2023 balancerer ikke") for m in messages), messages
    # A deficit still does not balance: the typed Budget 2024 is 0,30 short.
    assert "Budget 2024 balancerer ikke: forskel -0,30 kr." in messages
    assert "planlagt overskud 23.463,02" in " ".join(_pdf_text(social, tmp_path).split())
