"""Finding one's way in a long annex in the portal's reader: the page read and a field to go to
another, the annex's own contents (its bookmarks) and links on real PDFs, Back after following
one, and the page the reader left the annex at."""

import io
import unicodedata

import pikepdf
import pytest

from tests.annexes.helpers import CORPUS
from tests.browser.conftest import IPAD, axe_violations, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _reader(data: bytes, title: str = "Bilag") -> str:
    """A published meeting with one annex of this PDF; the annex's reader, as a path."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from meetings import services
    from tests.factories import ItemFactory, MeetingFactory, SectionFactory

    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title=title)
    annex = services.annex_create(
        item=item, uploaded=SimpleUploadedFile("bilag.pdf", data), title=title
    )
    services.meeting_publish(meeting=meeting)
    return reverse("notes:annex_reader", args=[meeting.pk, annex.uid])


def _open(page, url: str):
    page.goto(url)
    page.locator("#pdf-viewer[data-ready=true]").wait_for(timeout=30000)


def _below_the_bar(page, locator) -> float:
    """How far below the reader's bar the element stands, in CSS pixels."""
    bar = page.locator("#reader-bar").bounding_box()
    return locator.bounding_box()["y"] - (bar["y"] + bar["height"])


# What the find box's status says, in turn, from the page's start.
SAID = """window.said = [];
new MutationObserver(() => {
  const status = document.getElementById("reader-find-status");
  if (status && status.textContent !== window.said.at(-1) && (window.said.length || status.textContent))
    window.said.push(status.textContent);
}).observe(document, { subtree: true, childList: true, characterData: true });"""


def _page_field(page):
    return page.get_by_role("textbox", name="Side")


def test_the_reader_shows_the_page_read_and_goes_to_another(
    transactional_db, live_server, open_page
):
    """On an iPad, a 40-page annex: the bar says which page is read as the reader scrolls, and
    the address follows it; a page number typed goes there, below the bar, and Back comes back;
    a page the annex does not have is said in Danish and moves nothing."""
    from tests.pdfs import make_pdf

    path = _reader(make_pdf(40, "Plan"))
    page = open_page(IPAD)
    page.add_init_script(SAID)
    _open(page, live_server.url + path)
    nav = page.get_by_role("navigation", name="Bilagets sider")
    # While the pages' text is read the find box says so; read, it has nothing to say.
    assert page.evaluate("window.said") == ["Læser bilagets tekst …", ""]
    assert page.locator("#reader-find-status").text_content() == ""
    assert page.get_by_label("Søg i bilaget").is_enabled()
    assert _page_field(page).input_value() == "1"
    assert "af 40" in nav.inner_text()
    page.locator("#side-12 .pdf-sheet").evaluate("(sheet) => sheet.scrollIntoView()")
    page.wait_for_function("() => location.hash === '#side-12'")
    assert _page_field(page).input_value() == "12"
    reading = page.evaluate("scrollY")

    _page_field(page).fill("33")
    nav.get_by_role("button", name="Gå til").click()
    assert abs(_below_the_bar(page, page.locator("#side-33"))) < 2
    assert _page_field(page).input_value() == "33"
    page.wait_for_function("() => location.hash === '#side-33'")
    page.go_back()
    page.wait_for_function("() => location.hash === '#side-12'")
    assert page.evaluate("scrollY") == reading  # where it was, to the pixel
    assert _page_field(page).input_value() == "12"

    y = page.evaluate("scrollY")
    for wanted in ("41", "0", "tolv"):
        _page_field(page).fill(wanted)
        nav.get_by_role("button", name="Gå til").click()
        assert nav.get_by_role("status").inner_text() == (
            f"Der er ingen side {wanted}; bilaget har side 1 til 40."
        )
        assert page.evaluate("scrollY") == y
    screenshot(page, "annex-reader-page-field-ipad")


def test_the_reader_offers_the_page_it_was_left_at(transactional_db, live_server, open_page):
    """Opened again at its start (from the meeting's page, the next evening), the reader offers
    to go on where it was left; opened at a page or a search's hit, it does not."""
    from tests.pdfs import make_pdf

    path = _reader(make_pdf(30, "Plan"))
    page = open_page(IPAD)
    _open(page, live_server.url + path)
    returning = page.get_by_role("button", name="Fortsæt på side")
    assert returning.is_hidden()
    page.locator("#side-17 .pdf-sheet").evaluate("(sheet) => sheet.scrollIntoView()")
    page.wait_for_function("() => location.hash === '#side-17'")
    page.wait_for_timeout(100)

    _open(page, live_server.url + path)
    assert returning.inner_text() == "Fortsæt på side 17, hvor du slap"
    assert abs(_below_the_bar(page, page.locator("#side-1"))) < 40  # opened at its start
    returning.click()
    assert abs(_below_the_bar(page, page.locator("#side-17"))) < 2
    assert returning.is_hidden()
    _open(page, live_server.url + path)
    assert returning.is_visible()
    page.locator("#side-2 .pdf-sheet").evaluate("(sheet) => sheet.scrollIntoView()")
    page.wait_for_function("() => location.hash === '#side-2'")
    assert returning.is_hidden()  # read on from the start instead
    _open(page, f"{live_server.url}{path}#side-3")
    assert returning.is_hidden()
    assert abs(_below_the_bar(page, page.locator("#side-3"))) < 2


def _outline(page) -> list[tuple[str, str | None]]:
    """The contents' entries: each title and the page it leads to (None for none)."""
    page.get_by_text("Indhold", exact=True).click()
    return [
        tuple(pair)
        for pair in page.locator("#reader-outline li").evaluate_all(
            """(entries) => entries.map((entry) => {
                const link = entry.querySelector(':scope > a');
                const title = link ? link.firstElementChild || link : entry.querySelector(':scope > span');
                return [title.textContent, link ? link.getAttribute('href') : null];
            })"""
        )
    ]


def test_a_latex_annex_has_its_contents_and_links(transactional_db, live_server, open_page):
    """pypdf's pdflatex-outline.pdf (hyperref: bookmarks and a table of contents linked by named
    destinations): the contents list its nine sections with their pages; a section goes to its
    heading, not only its page; a line of the annex's own table of contents is a link to its
    section, and Back comes back to the table."""
    path = _reader((CORPUS / "pypdf-pdflatex-outline.pdf").read_bytes())
    page = open_page(PHONE)
    _open(page, live_server.url + path)
    entries = _outline(page)
    assert [title for title, _ in entries] == ["Foo", "Bar", "Baz"] * 3
    assert [href.split("#")[-1] for _, href in entries] == (
        ["side-2"] * 4 + ["side-3"] * 3 + ["side-4"] * 2
    )
    screenshot(page, "annex-reader-contents-phone")
    assert axe_violations(page) == []  # the contents open, the links over the pages
    page.locator("#reader-outline a").nth(2).click()  # "Baz", halfway down page 2
    assert page.locator("#reader-outline").get_attribute("open") is None
    heading = page.locator("#side-2 .textLayer span", has_text="Baz").first
    assert 0 <= _below_the_bar(page, heading) < 40
    assert _below_the_bar(page, page.locator("#side-2")) < -100  # not the page's top
    page.wait_for_function("() => location.hash === '#side-2'")

    page.go_back()
    page.wait_for_function("() => scrollY === 0")
    toc = page.locator("#side-1 .pdf-link")
    assert toc.count() == 9
    assert toc.nth(8).get_attribute("aria-label") == "Gå til side 4"
    toc.nth(6).click()  # "7 Foo", low on page 3
    seventh = page.locator("#side-3 .textLayer span", has_text="Foo").first
    assert 0 <= _below_the_bar(page, seventh) < 40
    page.go_back()
    assert page.evaluate("scrollY") == 0


def test_broken_bookmarks_are_listed_but_lead_nowhere(transactional_db, live_server, open_page):
    """pypdf's outlines-with-invalid-destinations.pdf: the bookmarks whose destinations hold
    lead to them; the others are listed as text, and the reader works."""
    path = _reader((CORPUS / "pypdf-outlines-with-invalid-destinations.pdf").read_bytes())
    page = open_page(IPAD)
    _open(page, live_server.url + path)
    entries = _outline(page)
    assert len(entries) == 9
    linked = [title for title, href in entries if href]
    assert linked == [
        'Valid Destination: Action /GoTo Named Destination "section.1"',
        "Valid Destination: /Dest References Object as dict",
        "Valid Destination: /Dest within outline object",
    ]
    assert all(
        title.startswith(("Invalid", "No Destination")) for title, href in entries if not href
    )
    # Closed as a menu is: by Escape, or a tap beside it.
    contents = page.locator("#reader-outline")
    page.keyboard.press("Escape")
    assert contents.get_attribute("open") is None
    page.get_by_text("Indhold", exact=True).click()
    assert contents.get_attribute("open") == ""
    sheet = page.locator("#side-1 .pdf-sheet")
    box = sheet.bounding_box()
    sheet.click(position={"x": box["width"] - 5, "y": box["height"] - 5})
    assert contents.get_attribute("open") is None


def test_links_out_of_an_annex_open_in_a_tab_of_their_own(transactional_db, live_server, open_page):
    """A LibreOffice memo's link to KL opens in a new tab, with no way back to the reader's
    window; a link to a script or a file on the reader's machine is no link."""
    memo = (CORPUS / "libreoffice-notat.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(memo)) as pdf:
        for number, uri in enumerate(["javascript:alert(1)", "file:///etc/passwd"]):
            pdf.pages[0].Annots.append(
                pdf.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[50, 50 + 30 * number, 200, 70 + 30 * number],
                        Border=[0, 0, 0],
                        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(uri)),
                    )
                )
            )
        out = io.BytesIO()
        pdf.save(out)
    path = _reader(out.getvalue(), "Notat")
    page = open_page(IPAD)
    _open(page, live_server.url + path)
    links = page.locator(".pdf-link")
    assert links.count() == 1
    assert links.get_attribute("href") == "https://www.kl.dk/"
    assert links.get_attribute("target") == "_blank"
    assert links.get_attribute("rel") == "noopener noreferrer"
    assert links.get_attribute("aria-label") == "Åbn https://www.kl.dk/ i en ny fane"
    words = page.locator("#side-1 .textLayer span", has_text="vejledning").first.bounding_box()
    box = links.bounding_box()
    assert box["x"] <= words["x"] + 1 and words["x"] + words["width"] <= box["x"] + box["width"] + 1


def test_a_printed_reader_sends_the_reader_to_the_pdf(transactional_db, live_server, open_page):
    """Printed from the browser, the reader would hold only the pages drawn near the screen (the
    others blank): the paper says where the whole PDF is, and holds nothing of the reader's."""
    from pypdf import PdfReader

    from tests.pdfs import make_pdf

    path = _reader(make_pdf(12, "Plan"))
    page = open_page(IPAD)
    _open(page, live_server.url + path)
    printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in printed.pages)
    text = unicodedata.normalize("NFKC", text)  # the ligature "ﬁ" as its letters
    download = live_server.url + path.replace("/noter/", "/", 1)
    assert "Bilaget udskrives fra PDF-filen" in text and "alle dens 12 sider" in text, text
    assert download in text.replace(" ", ""), text
    for reader in ("Gå til", "Indhold", "Side 1", "Søg"):
        assert reader not in text, reader
