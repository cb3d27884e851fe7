"""A working day in the builder, in a real browser: a 30-item meeting from the template, reordered
with the mouse and the keyboard, several annexes uploaded at once, a concurrent edit, unsaved
changes that are not lost, publishing through the checklist, a correction, attendance in one
step, the minutes and one item copied to another meeting. Screenshots of each step go to
test-artifacts/screenshots/builder-*."""

import datetime

import pytest

from tests.browser.conftest import DESKTOP, axe_violations, login, screenshot
from tests.pdfs import make_pdf

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(transactional_db):
    """The demo data (people, bodies, the meeting of 22 September 2023) to build from."""
    from meetings.demo import DEMO_MEETING_UID, load_demo
    from meetings.models import ClosureReason, Meeting

    load_demo()
    ClosureReason.objects.get_or_create(
        name="Personlige forhold", defaults={"legal_reference": "Forvaltningslovens § 15 b, nr. 1"}
    )
    return Meeting.objects.get(uid=DEMO_MEETING_UID)


def _numbers(page):
    return page.locator(".outline-item .item-num").all_inner_texts()


def _titles(page):
    return page.locator(".outline-item .item-title").all_inner_texts()


def _saved_order(meeting):
    from meetings.models import AgendaItem

    items = AgendaItem.objects.filter(section__meeting=meeting).select_related("section")
    return [(i.number, i.title) for i in items.order_by("section__position", "position")]


def _accept_all(page, reason):
    for box in page.locator("input[name=accept]").all():
        box.check()
    page.fill("#id_reason", reason)
    # Rendering runs inside the request here (eager Celery): the answer can take a while.
    page.locator(".submit-row input[type=submit]").click(timeout=180_000)
    page.wait_for_load_state()


def test_secretariat_working_day_in_the_builder(
    demo_data, live_server, open_page, tmp_path, eager_celery
):
    from meetings.models import Attendance, Meeting

    base = live_server.url
    page = open_page(DESKTOP)
    login(page, base, "sekretariat", "kkr-sekretariat-demo")
    violations = {}

    # 1. A new meeting starts from KKR's standard agenda.
    page.goto(f"{base}/admin/meetings/meeting/add/")
    page.select_option("#id_body", label="KKR Nordjylland")
    page.fill("#id_title", "Møde i KKR Nordjylland – browsertest")
    day = datetime.date.today() + datetime.timedelta(days=30)
    page.fill("#id_start_0", day.strftime("%d.%m.%Y"))
    page.fill("#id_start_1", "09:45")
    page.fill("#id_location", "Aalborg Rådhus")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    meeting = Meeting.objects.get(title="Møde i KKR Nordjylland – browsertest")
    assert _numbers(page) == ["1.1", "1.2", "3.1", "4.1"]
    screenshot(page, "builder-01-template")

    # 2. Reuse: the demo meeting's agenda twice (13 items each).
    for _copy in range(2):
        page.get_by_role("link", name="Kopiér fra tidligere møde").click()
        page.select_option("#id_source", value=str(demo_data.pk))
        violations["copy"] = axe_violations(page)
        page.get_by_role("button", name="Kopiér").click()
        page.wait_for_load_state()
    # One item deleted (its page's "Slet"), two added by hand, one of them closed (its reason
    # for closing forgotten): 31 items, numbers without gaps.
    page.locator(".outline-section").first.locator(".item-title").last.click()
    page.locator("a.deletelink").click()
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert "er slettet" in page.locator(".messagelist").inner_text()
    for title in ("Klimaalliancen – status", "Udpegning til Vækstforum"):
        page.get_by_role("link", name="Tilføj punkt under “Regionalpolitiske sager”").click()
        page.fill("#id_title", title)
        if title.startswith("Udpegning"):
            page.check("#id_closed")
        page.wait_for_function("() => window.tinymce && tinymce.get('id_recommendation')")
        page.evaluate(
            "() => tinymce.get('id_recommendation').setContent("
            "'<p>Det indstilles, at KKR Nordjylland tager orienteringen til efterretning.</p>')"
        )
        page.locator("input[name=_save]").click()
        page.wait_for_load_state()
    numbers = _numbers(page)
    assert len(numbers) == 31 and all(int(n.split(".")[1]) > 0 for n in numbers)
    assert numbers == [n for n, _t in _saved_order(meeting)]
    violations["builder"] = axe_violations(page)
    screenshot(page, "builder-02-thirty-items")

    # 3. Reorder with the mouse (by the handle) and with the keyboard.
    titles = _titles(page)
    rows = page.locator(".outline-item")
    section_2 = page.locator(".outline-section").nth(1).locator(".outline-item")
    last_in_2 = section_2.last
    moved_by_mouse = last_in_2.locator(".item-title").inner_text()
    target = section_2.first
    # Both rows in view, as on a tall screen: the drag itself does not scroll the page.
    page.set_viewport_size({"width": 1280, "height": 2600})
    last_in_2.locator(".drag-handle").drag_to(target, target_position={"x": 40, "y": 3})
    page.set_viewport_size(DESKTOP)
    assert section_2.first.locator(".item-title").inner_text() == moved_by_mouse
    assert section_2.first.locator(".item-num").inner_text() == "2.1"
    first_title = rows.first.locator(".item-title")
    moved_by_keys = first_title.inner_text()
    first_title.focus()
    page.keyboard.press("Alt+ArrowDown")
    rows.nth(1).locator(".move-down").focus()
    page.keyboard.press("Enter")
    assert _titles(page)[2] == moved_by_keys
    assert page.locator("#outline-status").inner_text().endswith("er nu nummer 1.3.")
    assert sorted(_titles(page)) == sorted(titles)  # nothing lost or doubled
    screenshot(page, "builder-03-reordered-unsaved")

    # 4. Unsaved changes: leaving warns, the publish link refuses and says why.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    url_before = page.url
    page.locator("#site-name a").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"] and page.url == url_before
    page.get_by_role("link", name="Offentliggør dagsorden …").click()
    assert page.locator("#unsaved-note").is_visible() and page.url == url_before
    screenshot(page, "builder-04-unsaved-refused")
    order_in_page = list(zip(_numbers(page), _titles(page), strict=True))

    # 5. "Gem og offentliggør" saves first, then the checklist.
    page.locator("input[name=_publish]").click()
    page.wait_for_load_state()
    assert _saved_order(meeting) == order_in_page
    assert "Det offentliggøres som version 1" in page.content()
    warnings = page.locator(".finding.warning").all_inner_texts()
    assert any("Punkter til næste møde" in w and "ingen indstilling" in w for w in warnings)
    violations["checklist"] = axe_violations(page)
    screenshot(page, "builder-05-checklist")
    # An error cannot be accepted: the closed item added by hand lacks its reason (the copied
    # one brought its own). Fix it, publish.
    errors = page.locator(".finding.error").all_inner_texts()
    forgotten = next(n for n, title in order_in_page if title == "Udpegning til Vækstforum")
    assert errors == [f"Punkt {forgotten} er lukket uden en begrundelse for lukningen."], errors
    assert page.locator(".submit-row input[type=submit]").is_disabled()
    page.get_by_role("link", name="Tilbage til dagsordenen").click()
    page.locator(".outline-item .item-title").filter(has_text="Udpegning til Vækstforum").click()
    page.select_option("#id_closure_reason", index=1)
    page.fill("#id_public_title", "Udpegning til regionalt råd")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    page.locator("input[name=_publish]").click()
    page.wait_for_load_state()
    assert page.locator(".finding.error").count() == 0
    _accept_all(page, "Standardpunkterne udfyldes på mødet")
    page.locator("#render-status").get_by_text("Færdig").wait_for(timeout=120_000)
    # The state once, not "færdig – Færdig": the step is told only while the work goes on.
    assert page.locator("#render-status .job").first.inner_text().splitlines()[0] == (
        "Version 1: færdig"
    )
    assert meeting.versions.count() == 1
    screenshot(page, "builder-06-published")

    # 6. Several annexes at once on one item, with progress; titles cleaned from file names.
    page.locator(".outline-item .item-title").filter(has_text="Klimaalliancen – status").click()
    page.wait_for_load_state()
    files = []
    for pages, name in [(2, "Klimaplan_2024_sendt til KKR_08.10.23.pdf"),
                        (3, "Høringssvar_2023-09-01.pdf"), (1, "Tidsplan.pdf")]:  # fmt: skip
        path = tmp_path / name
        path.write_bytes(make_pdf(pages, name))
        files.append(str(path))
    item_url = page.url
    page.set_input_files("#annex-files", files)
    page.wait_for_selector(".annex-table tbody tr.has_original >> nth=2")
    titles = page.locator(".annex-table tr.has_original td.field-title input").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    assert titles == ["Klimaplan 2024", "Høringssvar", "Tidsplan"]
    numbers = page.locator(".annex-table tr.has_original td.field-number").all_inner_texts()
    assert [n.strip() for n in numbers] == ["1", "2", "3"]
    assert "annexes/" not in page.content()
    box = page.locator(".annex-table table").bounding_box()
    assert box["x"] + box["width"] <= 1280
    violations["item"] = axe_violations(page)
    screenshot(page, "builder-07-annexes")

    # 7. Two tabs: the other tab saves another item; this tab's save is refused with who
    # changed what, and its typing stays in the form.
    page.fill("#id_title", "Klimaalliancen – status og næste skridt")
    first_item = page.context.new_page()
    first_item.goto(f"{base}/admin/meetings/meeting/{meeting.pk}/change/")
    first_item.locator(".outline-item .item-title").first.click()
    first_item.wait_for_load_state()
    first_item.fill("#id_case_number", "SAG-2023-04001")
    first_item.locator("input[name=_save]").click()
    first_item.wait_for_load_state()
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    error = page.locator(".errornote, .errorlist").all_inner_texts()
    assert any("ændret af en anden" in e and "ændrede punktet" in e for e in error), error
    assert page.input_value("#id_title") == "Klimaalliancen – status og næste skridt"
    screenshot(page, "builder-08-concurrent-edit")
    first_item.close()

    # 8. Correct and republish: the checklist shows the change; nothing else is lost. An open
    # item's page keeps a closed item's public facts out of the way until it is marked closed.
    page.goto(item_url)
    reason = page.locator("#id_closure_reason")
    assert not reason.is_visible()
    page.check("#id_closed")
    assert reason.is_visible() and page.locator("#id_public_title").is_visible()
    page.uncheck("#id_closed")
    assert not reason.is_visible()
    page.fill("#id_title", "Klimaalliancen – status og næste skridt")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    page.locator("input[name=_publish]").click()
    page.wait_for_load_state()
    assert "Ændringer siden version 1" in page.content()
    _accept_all(page, "Rettelse af titel og nye bilag")
    assert meeting.versions.count() == 2
    page.get_by_role("link", name="Offentliggør dagsorden …").click()
    assert "Intet er ændret siden version 2;" in page.content()
    screenshot(page, "builder-09-nothing-changed")

    # 9. Attendance in one step: everyone present, one absent with the substitute who came.
    page.goto(f"{base}/admin/meetings/meeting/{meeting.pk}/fremmoede/")
    boxes = page.locator("input[name=present]")
    assert boxes.count() == 14 and all(b.is_checked() for b in boxes.all())
    boxes.first.uncheck()
    substitute = page.locator("select").first
    substitute.select_option(index=1)
    violations["attendance"] = axe_violations(page)
    screenshot(page, "builder-10-attendance")
    page.get_by_role("button", name="Gem fremmøde").click()
    page.wait_for_load_state()
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 14
    assert Attendance.objects.filter(meeting=meeting, substitute_for__isnull=False).count() == 1

    # 10. Minutes before the meeting: warned; accepted with a reason; published.
    page.get_by_role("link", name="Offentliggør referat …").click()
    page.wait_for_load_state()
    warnings = page.locator(".finding.warning").all_inner_texts()
    assert any("ikke holdt endnu" in w for w in warnings)
    assert any("har en beslutning endnu" in w for w in warnings)
    screenshot(page, "builder-11-minutes-checklist")
    _accept_all(page, "Referatet udsendes med forbehold; beslutningerne følger")
    assert meeting.versions.order_by("-number").first().includes_decisions
    assert "Referatet er offentliggjort." in page.content()
    screenshot(page, "builder-12-minutes-published")

    # 11. One item of the demo meeting copied, from its own page, to this meeting (not held yet).
    from meetings.models import AgendaItem

    source = (
        AgendaItem.objects.filter(section__meeting=demo_data, annexes__isnull=False)
        .select_related("section")
        .first()
    )
    into = meeting.sections.filter(title=source.section.title).first() or meeting.sections.first()
    page.goto(f"{base}/admin/meetings/agendaitem/{source.pk}/change/")
    page.get_by_role("link", name="Kopiér til et andet møde …").click()
    page.wait_for_load_state()
    page.select_option("#id_section", value=str(into.pk))
    assert page.locator("#id_with_annexes").is_checked()
    violations["item-copy"] = axe_violations(page)
    screenshot(page, "builder-13-item-copy")
    page.get_by_role("button", name="Kopiér").click()
    page.wait_for_load_state()
    copy = AgendaItem.objects.filter(section=into, title=source.title).latest("pk")
    assert page.url.endswith(f"/admin/meetings/agendaitem/{copy.pk}/change/")
    assert "er kopieret til" in page.locator(".messagelist").inner_text()
    assert copy.annexes.count() == source.annexes.count() and copy.decision == ""

    page.goto(f"{base}/admin/")
    violations["index"] = axe_violations(page)
    screenshot(page, "builder-14-start-page")
    assert {name: found for name, found in violations.items() if found} == {}
