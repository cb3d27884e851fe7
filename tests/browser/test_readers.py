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
