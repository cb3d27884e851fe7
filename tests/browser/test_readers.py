"""Council members, municipalities and the public in a real browser: reading, downloading,
searching, accessibility and valid HTML."""

import io
import urllib.request

import pytest
from pypdf import PdfReader

from tests.browser.conftest import DESKTOP, IPAD, axe_violations, login, screenshot, vnu_errors

pytestmark = pytest.mark.browser


def test_council_member_reads_closed_item_on_ipad_and_gets_the_members_bundle(
    demo, live_server, open_page
):
    page = open_page(IPAD)
    login(page, live_server.url, "medlem", "kkr-medlem-demo")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.get_by_role("link", name="1.3 Udpegninger").first.click()
    closed = page.locator("#punkt-1\\.3")
    assert "Personsager behandles for lukkede døre" in closed.inner_text()
    screenshot(page, "meeting-member-ipad")
    # The package button: for a member, the members' bundle with the closed items.
    link = page.locator('a.package-button[data-kind="bilag"][data-variant="medlemmer"]')
    response = page.request.get(live_server.url + link.get_attribute("href"))  # with the session
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    data = response.body()
    reader = PdfReader(io.BytesIO(data))
    assert data.startswith(b"%PDF-") and len(reader.pages) > 5
    text = "\n".join(p.extract_text() for p in reader.pages[:3])
    assert (
        "Indstillinger til politiske poster" in text
    )  # the closed annex is in the members' bundle


@pytest.mark.parametrize("who", ["municipality", "anonymous"])
def test_municipality_and_public_see_only_number_and_title_of_closed_items(
    who, demo, live_server, open_page
):
    page = open_page(DESKTOP)
    if who == "municipality":
        login(page, live_server.url, "kommune", "kkr-kommune-demo")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    closed = page.locator("#punkt-1\\.3")
    assert "1.3 Udpegninger" in closed.inner_text()
    # What the public is told instead of the texts: why it is closed, and the public decision.
    assert (
        "Lukket af hensyn til: Personsag (Offentlighedslovens § 30, nr. 1)" in closed.inner_text()
    )
    assert "foretog de indstillede udpegninger" in closed.inner_text()
    assert "Personsager" not in page.content()
    assert "Indstillingerne blev godkendt" not in page.content()  # the members' decision
    assert (
        page.get_by_role(
            "link", name="Bilagssamling – medlemmernes udgave med lukkede punkter"
        ).count()
        == 0
    )
    response = page.goto(f"{live_server.url}/moeder/{demo.pk}/pdf/bilag-medlemmer.pdf")
    if who == "anonymous":
        assert "/log-ind/" in page.url  # asked to log in, no PDF
    else:
        assert response.status == 403 and "Ingen adgang" in page.content()


def test_search_from_the_front_page_finds_an_item_by_a_word_in_its_annex(
    demo, live_server, open_page
):
    from search.demo import load_app_demo

    load_app_demo()
    page = open_page(DESKTOP)
    page.goto(live_server.url)
    page.get_by_role("search").get_by_label("Søg").fill("beskæftigelsespolitisk")
    page.get_by_role("search").get_by_role("button", name="Søg").click()
    results = page.locator("ol.results")
    assert "Bilag 1: Status på beskæftigelsespolitisk fokuspunkt" in results.inner_text()
    screenshot(page, "search-desktop")
    # A misspelling finds nothing, and the page offers the word as the texts write it.
    page.get_by_label("Søgeord").fill("beskæftigelsespolitsk")
    page.get_by_label("Søgeord").press("Enter")
    assert page.get_by_role("status").inner_text() == "0 resultater"
    page.get_by_role("link", name="beskæftigelsespolitisk").click()
    assert "Bilag 1: Status på beskæftigelsespolitisk fokuspunkt" in results.inner_text()
    # The name finds the texts that write only its abbreviation, and the page says so.
    page.get_by_label("Søgeord").fill("Kommunernes Landsforening")
    page.get_by_label("Søgeord").press("Enter")
    told = page.get_by_text("Søgt på både forkortelse og betydning").inner_text()
    assert told.endswith("KL (Kommunernes Landsforening) · Alle forkortelser")
    assert "Resultater af KL's mobilitetssurvey 2023" in results.inner_text()


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


def test_a_search_result_opens_the_item_at_its_hit(transactional_db, live_server, open_page):
    """A long item's page opens where the word is, not at the item's heading."""
    from meetings import services
    from search import services as search_services
    from tests.factories import ItemFactory, MeetingFactory, SectionFactory

    meeting = MeetingFactory()
    filler = "".join(f"<p>Afsnit {n} om mødets øvrige sager.</p>" for n in range(80))
    ItemFactory(section=SectionFactory(meeting=meeting), title="Trafikplan",
                presentation=filler + "<p>Busbetjeningen af yderområderne styrkes.</p>" + filler)  # fmt: skip
    services.meeting_publish(meeting=meeting)
    search_services.rebuild_all()
    page = open_page(IPAD)
    page.goto(f"{live_server.url}/soeg/?q=yderområderne")
    page.locator("ol.results > li > a").first.click()
    page.wait_for_load_state()
    hit = page.get_by_text("Busbetjeningen af yderområderne styrkes.")
    box, height = hit.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] <= height, box  # on the screen, far below the item's heading
    assert page.locator("#punkt-1\\.1-h").bounding_box()["y"] < -1000
    screenshot(page, "search-hit-ipad")


PUBLIC_PAGES = ["/", "{meeting}", "{upcoming}", "/moedeplan/2023/", "/medlemmer/", "/udpegninger/",
                "/resultatkontrakter/", "/resultatkontrakter/2023/", "/resultatkontrakter/sammenligning/",
                "/budgetter/", "{table}", "{key}", "/kommuner/", "/kommuner/860/", "/soeg/?q=kommune",
                "/soeg/?q=kommnue", "/soeg/?q=KL", "/soeg/forkortelser/",
                "/soeg/besked/", "/log-ind/"]  # fmt: skip


def _pages(demo):
    from django.utils import timezone

    from budgets.models import BudgetTable, DistributionKey
    from meetings.models import Meeting

    upcoming = Meeting.objects.filter(versions__isnull=False, start__gt=timezone.now()).first()
    table = BudgetTable.objects.order_by("pk").first().get_absolute_url()
    key = DistributionKey.objects.order_by("pk").first().get_absolute_url()
    return [
        p.replace("{meeting}", demo.get_absolute_url())
        .replace("{upcoming}", upcoming.get_absolute_url())
        .replace("{table}", table)
        .replace("{key}", key)
        for p in PUBLIC_PAGES
    ]


WIDTHS = (320, 390, 820, 1280)
LOGINS = {"anonymous": None, "municipality": ("kommune", "kkr-kommune-demo"),
          "council_member": ("medlem", "kkr-medlem-demo")}  # fmt: skip


# Links and buttons that stand alone (menu, package, annexes, contents, lists, forms) must be
# at least 44 px tall to be hit with a finger; links inside running text are exempt.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '.nav a, .nav button, .menu-button, .package-button, .other-downloads summary, .annexes a,'
    + ' .documents a, .toc-list a, .meeting-list a, .follow a, .member-actions a, main button')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e.textContent.trim().slice(0, 30), Math.round(e.getBoundingClientRect().height)])
  .filter(([text, height]) => height < 44)"""


@pytest.mark.parametrize("role", ["anonymous", "municipality", "council_member"])
def test_every_reader_page_reflows_and_passes_axe_at_every_width(
    role, demo, live_server, open_page
):
    """WCAG 1.4.10 (Reflow), which axe does not test: no page scrolls sideways, from a small phone
    to a desktop; wide tables scroll inside their own box instead. Plus axe at WCAG 2.1 AA, and
    nothing a page asks for on its own (styles, scripts, icons, the notes' requests) is missing
    or refused."""
    from agreements.demo import load_app_demo as contracts
    from budgets.demo import load_app_demo as budgets

    contracts()
    budgets()
    too_wide, too_small, problems, failed = {}, {}, {}, set()
    for width in WIDTHS:
        page = open_page({"width": width, "height": 900})
        page.on(
            "response",
            lambda answer: (
                failed.add((answer.status, answer.url))
                if answer.status >= 400 and answer.request.resource_type != "document"
                else None
            ),
        )
        if LOGINS[role]:
            login(page, live_server.url, *LOGINS[role])
        for path in _pages(demo):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                too_wide[f"{width} {path}"] = scroll
            small = page.evaluate(SMALL_TARGETS)
            if small:
                too_small[f"{width} {path}"] = small
            violations = axe_violations(page)
            if violations:
                problems[f"{width} {path}"] = violations
            name = (
                path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "forside"
            )
            screenshot(page, f"{role}-{name}-{width}")
    assert not too_wide, f"pages wider than the screen (width: scrollWidth): {too_wide}"
    assert not too_small, f"touch targets under 44 px (text, height): {too_small}"
    assert not problems, problems
    assert not failed, f"requests the pages made that failed: {sorted(failed)}"


def test_main_pages_are_valid_html(demo, live_server, tmp_path):
    from agreements.demo import load_app_demo as contracts
    from budgets.demo import load_app_demo as budgets

    contracts()
    budgets()
    errors = {}
    for path in _pages(demo):
        with urllib.request.urlopen(f"{live_server.url}{path}") as response:
            html = response.read().decode("utf-8")
        found = vnu_errors(html, tmp_path)
        if found:
            errors[path] = found
    assert not errors, errors


def test_keyboard_skip_link_and_visible_focus(demo, live_server, open_page):
    page = open_page(DESKTOP)
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["x"] >= 0  # visible when focused
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"


def test_language_switch_to_english(demo, live_server, open_page):
    page = open_page(DESKTOP)
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("heading", level=1).inner_text() == "Møder"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Meetings"
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    facts = page.locator(".facts").inner_text()
    assert "Friday" in facts and "September 2023" in facts and "Date" in facts
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Møde i KKR Nordjylland"
