"""The portal's annex reader in a real browser: opened from a search at its hit and marked, its
find box, and an iPad's long annexes, pinch zoom and turning."""

import pytest

from tests.browser.conftest import IPAD, screenshot

pytestmark = pytest.mark.browser


def _published_indexed_annex(title: str, pages: list[list[str]]):
    """A published meeting with one item and one annex of these lines of text, indexed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import services
    from search import services as search_services
    from tests.factories import ItemFactory, MeetingFactory, SectionFactory
    from tests.pdfs import text_pdf

    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title=title)
    annex = services.annex_create(
        item=item, uploaded=SimpleUploadedFile("bilag.pdf", text_pdf(pages)), title=title
    )
    services.meeting_publish(meeting=meeting)
    search_services.annex_text_extract(annex_id=annex.pk)
    search_services.rebuild_all()


def _search_and_open_page(page, url: str, q: str, number: int):
    """Search, and open the result's annex in the reader at page `number`; its search marks."""
    page.goto(f"{url}/soeg/?q={q}")
    page.get_by_role("link", name=f"side {number}").click()
    page.locator("#pdf-viewer[data-ready=true]").wait_for(timeout=30000)
    hit = page.locator(f"#side-{number} mark.search-hit")
    hit.first.wait_for()
    return hit


def test_a_search_result_opens_the_annex_at_its_hit_marked(
    transactional_db, live_server, open_page
):
    """A long annex opens in the portal's reader at the word on the page the result names,
    the word marked there, on an iPad."""
    pages = [[f"Indledning side {n}"] + ["Andre forhold i planen."] * 30 for n in range(1, 10)]
    pages[6] = ["Andre forhold i planen."] * 45 + ["Busbetjeningen af yderområderne styrkes."]
    _published_indexed_annex("Trafikplan", pages)
    page = open_page(IPAD)
    hit = _search_and_open_page(page, live_server.url, "yderområderne", 7)
    assert [text.strip() for text in hit.all_inner_texts()] == ["yderområderne"]
    box, height = hit.first.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] <= height, box  # on the screen, low on page 7
    assert page.locator("#side-7").bounding_box()["y"] < 0
    finder = page.get_by_role("search").filter(has=page.get_by_label("Søg i bilaget"))
    assert finder.get_by_role("status").inner_text() == "Fund 1 af 1"
    screenshot(page, "search-hit-annex-ipad")
    # The find box marks another word on every page and steps through them, around the end.
    page.get_by_label("Søg i bilaget").fill("planen")
    page.get_by_label("Søg i bilaget").press("Enter")
    assert finder.get_by_role("status").inner_text() == "Fund 1 af 285"
    assert page.locator("mark.search-hit").count() == 285
    finder.get_by_role("button", name="Forrige fund").click()
    assert finder.get_by_role("status").inner_text() == "Fund 285 af 285"
    last = page.locator("mark.search-hit.current")
    assert page.locator("#side-9").bounding_box()["y"] < last.bounding_box()["y"] < height
    finder.get_by_role("button", name="Næste fund").click()
    assert finder.get_by_role("status").inner_text() == "Fund 1 af 285"
    page.get_by_label("Søg i bilaget").press("Enter")  # the same words again: the next
    assert finder.get_by_role("status").inner_text() == "Fund 2 af 285"
    assert "fund=planen" in page.url
    # Words together, as a browser's find: in that order only.
    page.get_by_label("Søg i bilaget").fill("forhold i  planen")
    page.get_by_label("Søg i bilaget").press("Enter")
    assert finder.get_by_role("status").inner_text() == "Fund 1 af 285"
    page.get_by_label("Søg i bilaget").fill("planen forhold")
    page.get_by_label("Søg i bilaget").press("Enter")
    assert finder.get_by_role("status").inner_text() == "Ingen fund i bilaget"
    page.get_by_label("Søg i bilaget").fill("ingensteds")
    page.get_by_label("Søg i bilaget").press("Enter")
    assert finder.get_by_role("status").inner_text() == "Ingen fund i bilaget"


def test_the_annex_reader_finds_a_word_that_goes_on_at_the_next_line(
    transactional_db, live_server, open_page
):
    """A search finds "KL-aftalen" and "Nordjylland" where a line ends in "KL-" and "Nordjyl-";
    the reader marks them there too, across the line's end, and finds what a reader types
    where the text has the typographer's quotes and dashes."""
    lines = ["Kommunerne følger KL-", "aftalen, og samarbejdet i KKR Nordjyl-", "land fortsætter.",
             "Se KKR’s plan for 2022–2025."]  # fmt: skip
    _published_indexed_annex("Aftaler", [["Indledning."], lines])
    page = open_page(IPAD)
    hit = _search_and_open_page(page, live_server.url, "KL-aftalen", 2)
    assert "".join(hit.all_inner_texts()).split() == ["KL-aftalen"]
    finder = page.get_by_role("search").filter(has=page.get_by_label("Søg i bilaget"))
    assert finder.get_by_role("status").inner_text() == "Fund 1 af 1"
    # As a reader types: a straight apostrophe and a hyphen for the typographer's.
    for words in ("nordjylland", "KKR Nordjylland fortsætter", "KL-aftalen, og", "KKR's plan",
                  "2022-2025"):  # fmt: skip
        page.get_by_label("Søg i bilaget").fill(words)
        page.get_by_label("Søg i bilaget").press("Enter")
        assert finder.get_by_role("status").inner_text() == "Fund 1 af 1", words
    page.get_by_label("Søg i bilaget").fill("Nordjyl land")
    page.get_by_label("Søg i bilaget").press("Enter")
    assert finder.get_by_role("status").inner_text() == "Ingen fund i bilaget"


def test_a_long_annex_holds_only_the_pages_near_the_screen(
    transactional_db, live_server, open_page
):
    """A 30-page annex on an iPad: the pages near the screen are drawn, those read long ago give
    their canvas back (an iPad's Safari draws little canvas), and the find box still finds a
    word on every page."""
    pages = [[f"Afsnit {n}"] + ["Kommunerne samarbejder om planen."] * 50 for n in range(1, 31)]
    pages[1][10] = "Indledningen beskriver baggrunden."
    _published_indexed_annex("Plan", pages)
    page = open_page(IPAD)
    _search_and_open_page(page, live_server.url, "baggrunden", 2)
    drawn = "() => [...document.querySelectorAll('#pdf-viewer canvas')].filter((c) => c.width > 0)"
    for number in range(1, 31):
        page.locator(f"#side-{number}").scroll_into_view_if_needed()
        page.wait_for_function(
            "(n) => document.querySelector(`#side-${n} canvas`).dataset.drawn === 'true'",
            arg=number,
        )
    numbers = page.evaluate(f"() => ({drawn})().map((c) => c.closest('section').id)")
    assert "side-30" in numbers and "side-2" not in numbers and len(numbers) <= 8, numbers
    finder = page.get_by_role("search").filter(has=page.get_by_label("Søg i bilaget"))
    page.get_by_label("Søg i bilaget").fill("indledningen beskriver")
    page.get_by_label("Søg i bilaget").press("Enter")
    assert finder.get_by_role("status").inner_text() == "Fund 1 af 1"
    page.wait_for_function(
        "() => document.querySelector('#side-2 canvas').dataset.drawn === 'true'"
    )  # the hit's page is drawn again
    assert page.evaluate(f"() => ({drawn})().length") <= 8


def test_a_pinch_zoomed_page_is_drawn_again_sharp(transactional_db, live_server, open_page):
    """Zoomed in with two fingers, the page under the reader's eyes is drawn again at the zoom
    (not the screen's pixels blown up); zoomed out, at the screen's again."""
    _published_indexed_annex("Plan", [["Vejplanen for nord."] * 40, ["Vejplanen for syd."] * 40])
    page = open_page(IPAD)
    _search_and_open_page(page, live_server.url, "nord", 1)
    sharpness = """() => { const c = document.querySelector('#side-1 canvas');
      return c.dataset.drawn === 'true' ? c.width / parseFloat(c.style.width) : 0; }"""
    page.wait_for_function(f"() => ({sharpness})() > 0")
    base = page.evaluate(sharpness)
    zoom = page.context.new_cdp_session(page)
    zoom.send("Emulation.setPageScaleFactor", {"pageScaleFactor": 2})
    page.wait_for_function(f"() => ({sharpness})() >= {base} * 1.99")
    zoom.send("Emulation.setPageScaleFactor", {"pageScaleFactor": 1})
    page.wait_for_function(f"() => Math.abs(({sharpness})() - {base}) < 0.01")


def test_a_page_zoomed_with_the_browser_is_drawn_again_sharp(
    transactional_db, live_server, open_page
):
    """Zoomed with Ctrl + (or moved to a sharper screen): two device pixels to a CSS pixel, and
    the pages drawn are drawn again at them, not blown up, though the page is as wide as before
    (the reader's 900 px on a wide screen): the visual viewport's resize says so, as for a pinch."""
    _published_indexed_annex("Plan", [["Vejplanen for nord."] * 40, ["Vejplanen for syd."] * 40])
    page = open_page()
    _search_and_open_page(page, live_server.url, "nord", 1)
    sharpness = """() => { const c = document.querySelector('#side-1 canvas');
      return c.dataset.drawn === 'true' ? c.width / parseFloat(c.style.width) : 0; }"""
    page.wait_for_function(f"() => ({sharpness})() > 0")
    assert page.evaluate(sharpness) < 1.01
    width = page.locator("#side-1 canvas").evaluate("(c) => parseFloat(c.style.width)")
    screen = page.context.new_cdp_session(page)
    screen.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1200, "height": 900, "deviceScaleFactor": 2, "mobile": False},
    )
    page.wait_for_function(f"() => ({sharpness})() >= 1.99")
    assert page.locator("#side-1 canvas").evaluate("(c) => parseFloat(c.style.width)") == width


def test_an_ipad_turned_to_portrait_shows_whole_pages(transactional_db, live_server, open_page):
    """Opened in landscape and turned: the pages take the new width (no sideways scrolling),
    are drawn again at it, the page read stays on the screen, and a find marks its words where
    they stand."""
    pages = [[f"Afsnit {n}"] + ["Kommunerne samarbejder om planen."] * 50 for n in range(1, 6)]
    pages[2][20] = "Vestkysten har sin egen plan."
    _published_indexed_annex("Plan", pages)
    page = open_page({"width": IPAD["height"], "height": IPAD["width"]})
    _search_and_open_page(page, live_server.url, "vestkysten", 3)
    page.set_viewport_size(IPAD)
    page.wait_for_function(
        """() => { const c = document.querySelector('#side-3 canvas');
          return c.dataset.drawn === 'true'
            && Math.abs(c.width - document.querySelector('#pdf-viewer').clientWidth) < 2; }"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= IPAD["width"]
    sheet = page.locator("#side-3 .pdf-sheet").bounding_box()
    assert sheet["x"] >= 0 and sheet["x"] + sheet["width"] <= IPAD["width"]
    hit = page.locator("#side-3 mark.search-hit").bounding_box()
    assert sheet["x"] < hit["x"] < sheet["x"] + sheet["width"] / 2, (hit, sheet)
    assert 0 <= hit["y"] <= IPAD["height"], hit  # the page read is still on the screen
    words = page.locator("#side-3 .textLayer span", has_text="Vestkysten").bounding_box()
    assert abs(words["x"] - hit["x"]) < 2 and abs(words["y"] - hit["y"]) < 2
