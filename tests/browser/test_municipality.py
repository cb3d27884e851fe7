"""A municipality's staff on an iPad: from the meeting list to their council's cases, and from
the meeting page to the pack for their case system, the way a browser follows the links."""

import zipfile

from django.utils import timezone

from tests.browser.conftest import IPAD, login, screenshot


def test_a_municipality_fetches_its_case_system_pack_from_the_meeting_page(
    demo, live_server, open_page
):
    """The first click starts the pack and shows the waiting page (a browser must not save that
    page as the file); once the pack is made, the same link gives the ZIP with its manifest."""
    from meetings.models import Meeting
    from municipalities.models import MunicipalityPack
    from municipalities.services import pack_build

    upcoming = Meeting.objects.filter(versions__isnull=False, start__gt=timezone.now()).first()
    page = open_page(IPAD)
    login(page, live_server.url, "kommune", "kkr-kommune-demo")
    cases = page.locator("section.own-cases")
    assert "Hjørring Kommune" in cases.inner_text()
    cases.get_by_role("link", name="Kommunens sager og pakker til ESDH").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hjørring Kommune")

    page.goto(f"{live_server.url}{upcoming.get_absolute_url()}")
    screenshot(page, "municipality-meeting-pack")
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.locator("section.own-pack").get_by_role("link", name="Hent pakken (ZIP)").click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Pakke til Hjørring Kommunes ESDH" and not downloads

    pack = MunicipalityPack.objects.get(version__meeting=upcoming)
    pack_build(pack_id=pack.pk)
    with page.expect_download() as caught:
        page.get_by_role("link", name="Hent pakken", exact=True).click()
    download = caught.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.path()) as archive:
        assert {"manifest.json", "manifest.xml"} <= set(archive.namelist())
