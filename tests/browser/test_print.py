"""A page printed from the browser (a decision for the council's case, the agenda on paper): its
content, without the menu, forms, buttons or the member's private notes, and wide tables whole."""

import io

from pypdf import PdfReader

from tests.browser.conftest import login


def _printed(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_a_printed_meeting_page_holds_the_agenda_and_nothing_to_click(demo, live_server, open_page):
    page = open_page()
    login(page, live_server.url, "medlem", "kkr-medlem-demo")
    text = _printed(page, f"{live_server.url}{demo.get_absolute_url()}")
    titles = [item.title for s in demo.sections.all() for item in s.items.filter(closed=False)]
    assert titles and all(title in text for title in titles), text
    assert "Indstilling" in text
    for clickable in ["Spring til indhold", "Menu", "Mine private noter", "Gem til offline",
                      "Log ud", "Hent mødepakken", "Abonnér på kalenderen"]:  # fmt: skip
        assert clickable not in text, clickable


def test_a_printed_budget_table_has_every_period(demo, live_server, open_page):
    from budgets.demo import load_app_demo as budgets
    from budgets.models import BudgetTable

    budgets()
    table = BudgetTable.objects.order_by("pk").first()
    page = open_page({"width": 390, "height": 900})  # printed from a phone
    text = _printed(page, f"{live_server.url}{table.get_absolute_url()}")
    for figure in ["1.669.407,00", "1.690.518,25", "1.771.663,00", "2.019.061,00"]:
        assert figure in text, figure
