"""Private notes in a real browser: a member highlights text in an item and on page 3 of an annex,
the secretariat publishes version 2 with the annex replaced (a new page before) and the item text
changed, and the notes are where their quotes went; a note whose quote was deleted is in the tray.
Then the meeting saved for offline reading opens with the network off."""

import time

import pytest

from meetings import services as meeting_services
from meetings.rules import COUNCIL_MEMBER
from notes.models import Note
from tests.browser.conftest import DESKTOP, IPAD, axe_violations, login, screenshot
from tests.factories import user_with_role
from tests.notes.helpers import (
    ANNEX_QUOTE,
    DELETED_QUOTE,
    ITEM_QUOTE,
    published_meeting,
    secretariat_changes,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

# Selects the quote inside the root (whitespace-insensitive, skipping the notes' own lists), as a
# reader's finger or mouse would.
SELECT = """([selector, quote]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('.note-ui')) continue;
    nodes.push([n, text.length]); text += n.data;
  }
  let compact = ""; const map = [];
  for (let i = 0; i < text.length; i++) if (!/\\s/.test(text[i])) { compact += text[i]; map.push(i); }
  const wanted = quote.replace(/\\s+/g, "");
  const at = compact.indexOf(wanted);
  if (at < 0) return false;
  const locate = (offset) => {
    for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= offset) return [nodes[k][0], offset - nodes[k][1]];
  };
  const [sn, so] = locate(map[at]);
  const [en, eo] = locate(map[at + wanted.length - 1]);
  const range = document.createRange();
  range.setStart(sn, so); range.setEnd(en, eo + 1);
  const selection = document.getSelection();
  selection.removeAllRanges(); selection.addRange(range);
  return true;
}"""


@pytest.fixture
def meeting_with_annex(transactional_db):
    from meetings.models import RenderJob
    from meetings.rendering import render_job_run

    user_with_role("medlem", COUNCIL_MEMBER)
    meeting, item, annex = published_meeting()
    for job_id in RenderJob.objects.filter(status="queued").values_list("pk", flat=True):
        render_job_run(job_id=job_id)
    return meeting, item, annex


def _write_note(page, root, quote, body):
    assert page.evaluate(SELECT, [root, quote]), quote
    page.get_by_role("button", name="Markér og skriv note").click()
    page.get_by_label("Note (kun du kan se den)").fill(body)
    page.get_by_role("button", name="Gem note").click()
    page.get_by_text(body).wait_for()


def _open_reader(page):
    page.get_by_role("link", name="Læs med noter").first.click()
    page.locator("#pdf-viewer[data-ready=true]").wait_for(timeout=30000)


def test_notes_follow_their_quotes_into_version_2(
    meeting_with_annex, eager_celery, live_server, open_page
):
    meeting, item, annex = meeting_with_annex
    page = open_page(DESKTOP)
    login(page, live_server.url, "medlem", "pw-medlem")
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/")
    _write_note(page, "#punkt-1\\.1", ITEM_QUOTE, "Spørg til ekspertudvalget")
    _write_note(page, "#punkt-1\\.1", DELETED_QUOTE, "Hvor ligger Nordjylland?")
    assert page.locator("#punkt-1\\.1 mark.note-mark").all_inner_texts() == [
        ITEM_QUOTE,
        DELETED_QUOTE,
    ]
    screenshot(page, "notes-item-v1")
    _open_reader(page)
    _write_note(page, "#side-3 .textLayer", ANNEX_QUOTE, "Hvilke kommuner har sparet?")
    page.locator("#side-3").scroll_into_view_if_needed()
    screenshot(page, "notes-annex-page3-v1")
    notes = {n.body: n for n in Note.objects.all()}
    assert notes["Hvilke kommuner har sparet?"].page == 3

    secretariat_changes(item, annex)
    meeting_services.meeting_publish(meeting=meeting)

    page.goto(f"{live_server.url}/moeder/{meeting.pk}/")
    page.locator("#punkt-1\\.1 mark.note-mark").first.wait_for()
    assert page.locator("#punkt-1\\.1 mark.note-mark").all_inner_texts() == [ITEM_QUOTE]
    tray = page.locator(".notes-tray")
    assert DELETED_QUOTE in tray.inner_text()
    assert "Kunne ikke placeres i version 2" in tray.inner_text()
    assert "Hvor ligger Nordjylland?" in tray.inner_text()
    assert axe_violations(page) == []
    for name, size in (("desktop", DESKTOP), ("ipad", IPAD), ("phone", PHONE)):
        page.set_viewport_size(size)
        screenshot(page, f"notes-item-v2-{name}")
    page.set_viewport_size(DESKTOP)
    _open_reader(page)
    moved = page.locator("#side-4 .note")
    moved.wait_for()
    assert "Flyttet fra side 3 til side 4" in moved.inner_text()
    marked = "".join(page.locator("#side-4 mark.note-mark").all_inner_texts())
    assert " ".join(marked.split()) == ANNEX_QUOTE
    assert page.locator("#side-3 mark.note-mark").count() == 0
    page.locator("#side-4").scroll_into_view_if_needed()
    screenshot(page, "notes-annex-page4-v2")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/noter/moeder/{meeting.pk}/?q=kommuner")
    listed = page.locator("main").inner_text()
    assert "Hvilke kommuner har sparet?" in listed and "Spørg til ekspertudvalget" not in listed
    page.set_viewport_size(PHONE)
    screenshot(page, "notes-list-search-phone")
    assert axe_violations(page) == []


def _wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_a_saved_meeting_opens_offline_and_a_note_written_offline_reaches_the_server(
    meeting_with_annex, live_server, open_page
):
    meeting, _item, _annex = meeting_with_annex
    page = open_page(IPAD)
    login(page, live_server.url, "medlem", "pw-medlem")
    url = f"{live_server.url}/moeder/{meeting.pk}/"
    page.goto(url)
    _write_note(page, "#punkt-1\\.1", ITEM_QUOTE, "Skrevet online")
    page.get_by_role("button", name="Gem til offline").click()
    page.get_by_text("Mødet er gemt på enheden og kan læses uden netværk.").wait_for(timeout=30000)

    page.context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    not_saved = page.evaluate(
        "fetch('/medlemmer/').then(r => r.status, () => 'failed')"
    )  # what was not saved is really out of reach
    assert not_saved == "failed"
    page.reload()
    assert "Temarække om mobilitet" in page.locator("#punkt-1\\.1").inner_text()
    page.get_by_text("Skrevet online").wait_for()
    bundle = page.evaluate(
        """fetch(document.querySelector("a[href*='bilag-medlemmer']").href)
             .then(async r => [r.status, new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))])"""
    )
    assert bundle == [200, "%PDF-"]
    _write_note(page, "#punkt-1\\.1", "ekspertudvalg", "Skrevet uden netværk")
    assert "Venter på netværk" in page.locator("#punkt-1\\.1 .notes-for").inner_text()
    screenshot(page, "notes-offline-ipad")
    assert not Note.objects.filter(body="Skrevet uden netværk").exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert _wait_for(lambda: Note.objects.filter(body="Skrevet uden netværk").exists())
    assert Note.objects.get(body="Skrevet uden netværk").exact == "ekspertudvalg"

    saved = "caches.keys().then(keys => keys.filter(k => k.startsWith('kkr-meeting-')))"
    assert page.evaluate(saved) == [f"kkr-meeting-{meeting.pk}"]
    page.set_viewport_size(DESKTOP)  # the header's menu is open at desktop width
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/")  # the next contact after logging out clears the device
    assert _wait_for(lambda: page.evaluate(saved) == [])


def test_a_signed_annex_has_one_notes_link_beside_the_annex_itself(
    transactional_db, live_server, open_page
):
    from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add

    user_with_role("medlem", COUNCIL_MEMBER)
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Kontrakt")
    annex_add(item, title="Underskrevet kontrakt", signed=True)
    meeting_services.meeting_publish(meeting=meeting)
    page = open_page(PHONE)
    login(page, live_server.url, "medlem", "pw-medlem")
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/")
    page.locator(".annexes .note-reader-link").first.wait_for()
    # The link to the signed original is no second annex: the notes link stands once, beside
    # the annex's own link, and it opens the annex.
    links = page.locator(".annexes li .note-reader-link")
    assert links.count() == 1
    assert page.locator(".annexes > li > .note-reader-link").count() == 1
    assert page.locator(".annexes .signed a").get_attribute("href").endswith("/underskrevet/")
