"""A package kept on the public site only for its minutes: the public pack holds the minutes
alone (and its manifest names only them); a member's pack keeps everything. A public pack
holding a class of documents retention has taken since (time passed, or the retention was
shortened) is built again without it."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from meetings import services
from meetings.models import RenderJob
from municipalities import services as municipality_services
from municipalities.models import MunicipalityPack
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add, user_with_role
from tests.municipalities.helpers import municipalities_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_minutes(settings):
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 365, "bilag": 365, "referat": 0}
    meeting = MeetingFactory(
        start=timezone.now() - datetime.timedelta(days=800), late_publish_reason="Arkiv"
    )
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Arkivpunkt",
                       decision="<p>Vedtaget.</p>")  # fmt: skip
    annex_add(item, title="Gammelt notat", text="GAMMELTBILAG")
    version = services.meeting_publish(meeting=meeting, include_decisions=True)
    from meetings.publishing.jobs import render_job_run

    job = RenderJob.objects.get(version=version)
    render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    return version


def _pack(version, user):
    municipality = municipalities_make()["Aalborg"]
    requested = municipality_services.pack_request(
        version=version, municipality=municipality, user=user
    )
    built = municipality_services.pack_build(pack_id=requested.pk) or requested
    built.refresh_from_db()
    assert built.status == MunicipalityPack.Status.DONE, built.error
    with built.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    return built, archive


def _files(archive) -> tuple[set[str], set[str]]:
    manifest = json.loads(archive.read("manifest.json"))
    names = {name for name in archive.namelist() if not name.startswith("manifest.")}
    return names, {entry["name"] for entry in manifest["files"]}


def test_the_public_pack_of_old_minutes_holds_the_minutes_only(old_minutes):
    _built, archive = _pack(old_minutes, user=None)
    names, listed = _files(archive)
    assert names == listed
    assert {name for name in names if not name.startswith("bevaring/")} == {"referat.pdf"}
    assert "dagsorden.pdf" not in archive.read("manifest.xml").decode()
    assert not [name for name in names if "bilag" in name]


def test_a_members_pack_of_old_minutes_keeps_everything(old_minutes):
    _built, archive = _pack(old_minutes, user=user_with_role("medlem", "council_member"))
    names, listed = _files(archive)
    assert names == listed
    originals = {name for name in names if not name.startswith("bevaring/")}
    assert {"dagsorden.pdf", "referat.pdf"} <= originals
    assert [name for name in originals if name.startswith("bilag/")]


@pytest.mark.parametrize("built_days_ago", [500, 0], ids=["time-passed", "retention-shortened"])
def test_a_public_pack_holding_a_class_retention_took_is_built_again(
    old_minutes, settings, django_capture_on_commit_callbacks, built_days_ago
):
    retention = settings.PUBLIC_RETENTION_DAYS
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 0, "bilag": 0, "referat": 0}
    built, archive = _pack(old_minutes, user=None)
    assert "dagsorden.pdf" in _files(archive)[0]
    assert set(built.holds) == {"dagsorden", "bilag", "referat"}
    # 500: built while the agenda and annexes (365 days) were still public, and time took them
    # since; 0: built just now under a retention that kept everything, then shortened.
    settings.PUBLIC_RETENTION_DAYS = retention
    MunicipalityPack.objects.filter(pk=built.pk).update(
        finished=timezone.now() - datetime.timedelta(days=built_days_ago)
    )
    with django_capture_on_commit_callbacks(execute=True):
        again, archive = _pack(old_minutes, user=None)
    assert again.pk == built.pk and again.holds == ["referat"]
    names, listed = _files(archive)
    assert names == listed
    assert {name for name in names if not name.startswith("bevaring/")} == {"referat.pdf"}
    assert not default_storage.exists(built.file.name) or again.file.name == built.file.name
    # A pack holding only what its audience may still fetch is kept as it is.
    assert _pack(old_minutes, user=None)[0].finished == again.finished
