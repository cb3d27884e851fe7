"""Downloads handed to the front server (DOWNLOADS_ACCEL_REDIRECT): every download × every role as
in tests/test_permissions.py; an allowed answer has no body, names the same file Django would have
sent and keeps the download's headers; a refused one names no file."""

import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.leakscan import ROLES
from tests.test_permissions import CASES

DOWNLOADS = (
    "meetings:annex_download",
    "meetings:annex_version_download",
    "meetings:document_download",
    "meetings:document_version_download",
)
LOCATION = "/_protected/"


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", DOWNLOADS)
@pytest.mark.parametrize("role", ROLES)
def test_download_is_handed_to_nginx_only_when_allowed(name, role, package, client_for, settings):
    client = client_for(role)
    for build, expected in CASES[name]:
        url = build(package)
        settings.DOWNLOADS_ACCEL_REDIRECT = ""
        direct = client.get(url)
        settings.DOWNLOADS_ACCEL_REDIRECT = LOCATION
        handed = client.get(url)
        assert handed.status_code == direct.status_code, (url, role)
        if expected[role] != 200:
            assert "X-Accel-Redirect" not in handed, (url, role)
            continue
        assert handed.status_code == 200, (url, role)
        assert handed.content == b""
        target = handed["X-Accel-Redirect"]
        assert target.startswith(LOCATION)
        with default_storage.open(target[len(LOCATION) :], "rb") as stored:
            assert stored.read() == _streamed(direct), (url, role)
        for header in ("Content-Type", "Content-Disposition", "Cache-Control", "Accept-Ranges"):
            assert handed[header] == direct[header], (header, url, role)
        assert handed["Cache-Control"] == "private, no-store"
        assert handed["Content-Type"] == "application/pdf"


def test_range_is_left_to_nginx(package, client_for, settings):
    settings.DOWNLOADS_ACCEL_REDIRECT = LOCATION
    url = reverse(
        "meetings:annex_download", args=[package["meeting"].pk, package["open_annex"].uid]
    )
    handed = client_for("anonymous").get(url, HTTP_RANGE="bytes=0-99")
    # nginx answers the range from the file it is sent to; Django only names the file.
    assert handed.status_code == 200
    assert "Content-Range" not in handed
    assert handed["X-Accel-Redirect"].startswith(LOCATION)


def test_object_store_download_is_a_short_signed_address_for_nginx_only(
    bucket, s3_server, package, client_for, settings
):
    settings.DOWNLOADS_ACCEL_REDIRECT = LOCATION
    url = reverse("meetings:document_download", args=[package["meeting"].pk, "bilag-medlemmer"])
    handed = client_for("council_member").get(url)
    assert handed.status_code == 200 and handed.content == b""
    target = handed["X-Accel-Redirect"]
    assert target.startswith(f"{LOCATION}{bucket}/packages/")
    assert "X-Amz-Expires=60&" in target or target.endswith("X-Amz-Expires=60")
    # What nginx does with it (deploy/nginx.conf): drop the location and ask the store.
    with urllib.request.urlopen(s3_server + "/" + target[len(LOCATION) :]) as answer:
        assert answer.read().startswith(b"%PDF-")
    # Without the signature the store refuses: the bucket is private.
    unsigned = s3_server + "/" + target[len(LOCATION) :].split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned)
    assert refused.value.code == 403
    assert client_for("municipality").get(url).status_code == 403


def test_municipality_pack_is_handed_to_nginx_only_for_its_own_municipality(package, settings):
    from django.test import Client

    from meetings import rendering
    from meetings.models import VersionDocument
    from municipalities import services as municipality_services
    from municipalities.models import MunicipalityPack
    from tests.municipalities.helpers import municipalities_make, municipality_user
    from tests.pdfs import make_pdf

    version = VersionDocument.objects.get(variant="offentlig").version
    for variant in ("medlemmer", "offentlig"):  # the pack needs the agenda
        rendering.document_store(
            version=version, kind="dagsorden", variant=variant, data=make_pdf(2, "DAGSORDEN")
        )
    kommuner = municipalities_make()
    own, other = Client(), Client()
    own.force_login(municipality_user("aalborg", kommuner["Aalborg"]))
    other.force_login(municipality_user("morsoe", kommuner["Morsø"]))
    url = reverse("municipalities:pack_download", args=["851", package["meeting"].pk])
    settings.DOWNLOADS_ACCEL_REDIRECT = LOCATION
    assert own.get(url).status_code == 202
    pack = municipality_services.pack_build(pack_id=MunicipalityPack.objects.get().pk)
    assert pack.status == MunicipalityPack.Status.DONE, pack.error

    handed = own.get(url)
    assert handed.status_code == 200 and handed.content == b""
    assert handed["X-Accel-Redirect"] == f"{LOCATION}{pack.file.name}"
    assert handed["Content-Type"] == "application/zip"
    assert handed["Content-Disposition"].startswith("attachment; filename=")
    assert handed["Cache-Control"].startswith("private")
    refused = other.get(url)
    assert refused.status_code == 403 and "X-Accel-Redirect" not in refused
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "X-Accel-Redirect" not in anonymous
