"""The secretariat builds, reorders, uploads to and publishes a meeting in the admin, in a real
browser, and watches the PDFs being made."""

import datetime

import pytest

from tests.browser.conftest import DESKTOP, login, screenshot
from tests.pdfs import make_pdf

pytestmark = pytest.mark.browser


@pytest.fixture
def eager_celery():
    """Rendering runs inside the publishing request here; the real worker is tested elsewhere."""
    from kkr_portal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_secretariat_builds_reorders_uploads_and_publishes(
    demo, live_server, open_page, tmp_path, eager_celery
):
    from meetings.models import AgendaItem, Meeting

    base = live_server.url
    page = open_page(DESKTOP)
    login(page, base, "sekretariat", "kkr-sekretariat-demo")
    page.goto(f"{base}/admin/meetings/meeting/add/")
    page.select_option("#id_body", label="KKR Nordjylland")
    page.fill("#id_title", "Browsermødet")
    day = datetime.date.today() + datetime.timedelta(days=30)
    page.fill("#id_start_0", day.strftime("%d.%m.%Y"))
    page.fill("#id_start_1", "09:45")
    page.fill("#id_location", "Aalborg")

    page.locator("a.djn-add-handler.djn-model-meetings-agendasection").last.click()
    page.fill("#id_sections-0-title", "Regionalpolitiske sager")
    add_item = page.locator("#sections-0 a.djn-add-handler.djn-model-meetings-agendaitem")
    for index, title in enumerate(["Vækst Via Viden", "Klimaalliancen"]):
        add_item.click()
        page.fill(f"#id_sections-0-items-{index}-title", title)
    # The rich-text editor: type into it, then paste a list and a table as from Word.
    editor = "id_sections-0-items-0-presentation"
    page.wait_for_function(f"() => window.tinymce && tinymce.get('{editor}')")
    page.frame_locator(f"#{editor}_ifr").locator("body").click()
    page.keyboard.type("Måltal for 2024:")
    page.evaluate(
        f"""() => tinymce.get('{editor}').insertContent(
            '<ul><li>500 match for kommunerne</li><li>215 for øvrige</li></ul>' +
            '<table class="MsoTableGrid"><tr><td>Aalborg</td><td>155</td></tr></table>')"""
    )
    # Drag "Klimaalliancen" above "Vækst Via Viden".
    source = page.locator("#sections-0-items-1 .djn-drag-handler:visible").first
    target = page.locator("#sections-0-items-0 .djn-drag-handler:visible").first
    source.drag_to(target, target_position={"x": 5, "y": 2})
    # Two annexes, uploaded inline on the first item.
    add_annex = page.locator("#sections-0-items-0 a.djn-add-handler.djn-model-meetings-annex")
    for index, name in enumerate(["Vækst_Via_Viden_2024.pdf", "Høringssvar.pdf"]):
        path = tmp_path / name
        path.write_bytes(make_pdf(index + 2, name))
        add_annex.click()
        page.set_input_files(f"#id_sections-0-items-0-annexes-{index}-file", str(path))
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert "errornote" not in page.content(), page.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()
    screenshot(page, "admin-agenda-builder")

    meeting = Meeting.objects.get(title="Browsermødet")
    items = {i.title: i for i in AgendaItem.objects.filter(section__meeting=meeting)}
    assert {t: i.number for t, i in items.items()} == {
        "Klimaalliancen": "1.1",
        "Vækst Via Viden": "1.2",
    }
    text = items["Vækst Via Viden"].presentation
    assert "Måltal for 2024:" in text and "<li>500 match for kommunerne</li>" in text
    assert "<table>" in text and "MsoTableGrid" not in text
    annexes = list(items["Vækst Via Viden"].annexes.all())
    assert [(a.title, a.page_count) for a in annexes] == [
        ("Vækst Via Viden 2024", 2),
        ("Høringssvar", 3),
    ]

    page.get_by_role("button", name="Offentliggør dagsorden (ny version)").click()
    page.wait_for_load_state()
    status = page.locator("#render-status")
    status.get_by_text("Færdig").wait_for(timeout=60_000)
    assert "Bilagssamling (offentlig)" in status.inner_text()
    screenshot(page, "admin-published")
    page.goto(f"{base}{meeting.get_absolute_url()}")
    assert "1.2 Vækst Via Viden" in page.content()
