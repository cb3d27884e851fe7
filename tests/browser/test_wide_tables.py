"""Wide tables on a phone and an iPad: the row labels stay, and a figure is never half hidden
behind them (a right-aligned "1.771.663,00" cut at the left reads as "663,00")."""

import pytest

from tests.browser.conftest import IPAD, screenshot

# Every header cell of the frame's last header row, with its left and right edge, and the
# right edge of the pinned first column (all relative to the viewport).
COLUMNS = """box => {
  const pinned = box.querySelector('thead tr:first-child th:first-child').getBoundingClientRect();
  const rows = box.querySelectorAll('thead tr');
  const cells = [...rows[rows.length - 1].querySelectorAll('th')].slice(rows.length > 1 ? 0 : 1)
    .map(th => { const r = th.getBoundingClientRect(); return [r.left, r.right]; });
  const groups = [...rows[0].querySelectorAll('th')].slice(1)
    .map(th => [th.textContent.trim(), th.getBoundingClientRect().left]);
  const labels = [...rows[0].querySelectorAll('th > *')]
    .map(label => { const r = label.getBoundingClientRect(); return [r.left, r.right]; });
  return {pinned: pinned.right, cells, groups, labels, scroll: box.scrollLeft,
          end: box.scrollWidth - box.clientWidth};
}"""


def _half_hidden(columns):
    """The columns, and the periods' headings, whose left edge lies behind the pinned column
    while they reach out of it."""
    edge = columns["pinned"]
    return [c for c in columns["cells"] + columns["labels"] if c[0] < edge - 1 and c[1] > edge + 1]


@pytest.mark.parametrize("width", [390, 820])
def test_a_budget_table_opens_at_its_newest_period_and_stops_between_columns(
    width, demo, live_server, open_page
):
    from budgets.demo import load_app_demo as budgets
    from budgets.models import BudgetTable

    budgets()
    table = BudgetTable.objects.order_by("pk").first()
    page = open_page({"width": width, "height": IPAD["height"]})
    page.goto(f"{live_server.url}{table.get_absolute_url()}")
    box = page.locator(".table-scroll[data-scroll-end]")

    opened = box.evaluate(COLUMNS)
    newest, left = opened["groups"][-1]
    assert newest == "Budget 2024"
    assert opened["scroll"] > 0, "the newest period stands to the right; the table starts there"
    # It starts where the row labels end, or, where there is room, it stands whole at the end.
    assert left >= opened["pinned"] - 1, opened
    assert abs(left - opened["pinned"]) <= 1 or opened["scroll"] >= opened["end"] - 1, opened
    assert not _half_hidden(opened), opened
    screenshot(page, f"budget-table-opened-{width}")

    # A reader's swipe by a part of a column still ends between two columns, the far end too.
    seen = {opened["scroll"]}
    for step in (-70, -45, 110, -10_000, 10_000):
        box.evaluate(f"box => box.scrollBy({{left: {step}}})")
        page.wait_for_timeout(400)
        moved = box.evaluate(COLUMNS)
        assert not _half_hidden(moved), (step, moved)
        seen.add(moved["scroll"])
    assert len(seen) >= 3 and min(seen) == 0, f"the reader can scroll the whole table: {seen}"
