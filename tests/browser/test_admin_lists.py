"""The secretariat's lists on a laptop or an iPad: the navigation folds away by default so the
list has the room, and a secretariat member who opens it keeps it open."""

import pytest

from tests.browser.conftest import login, screenshot

SIDEBAR_OPEN = "document.getElementById('main').classList.contains('shifted')"


@pytest.mark.parametrize(("width", "folded"), [(820, True), (1280, True), (1600, False)])
def test_the_navigation_leaves_a_narrow_screen_to_the_list(
    width, folded, demo, live_server, open_page
):
    page = open_page({"width": width, "height": 900})
    login(page, live_server.url, "sekretariat", "kkr-sekretariat-demo")
    page.goto(f"{live_server.url}/admin/meetings/annex/")
    assert page.evaluate(SIDEBAR_OPEN) is not folded
    # Every column of the list is in sight, the annex's closed flag last.
    if folded:
        edges = page.evaluate(
            """() => [document.querySelector('#result_list th.column-closed').getBoundingClientRect().right,
                      document.querySelector('.results').getBoundingClientRect().right]"""
        )
        assert edges[0] <= edges[1] + 1, edges
    screenshot(page, f"admin-annexes-{width}")

    # A choice made with the « button is the one kept, on the next page too.
    page.click("#toggle-nav-sidebar")
    page.goto(f"{live_server.url}/admin/meetings/agendaitem/")
    assert page.evaluate(SIDEBAR_OPEN) is folded
