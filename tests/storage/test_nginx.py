"""deploy/nginx.conf, run by a real nginx in front of the portal (the live server), with the
files on disk and in the S3 server: the portal says yes or no, nginx sends the file and answers
Range itself, and its internal locations cannot be asked for from outside."""

import http.client
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.storage.conftest import _free_port
from tests.storage.nginx_conf import CONFIG, nginx_config


@pytest.fixture
def nginx(live_server, tmp_path):
    """Start nginx with deploy/nginx.conf; returns a function that asks it for a path."""
    assert shutil.which("nginx"), "nginx is needed (make system-test installs it)"
    port = _free_port()
    objects = settings.STORAGES["default"]["OPTIONS"].get("endpoint_url", "http://127.0.0.1:9")
    config = nginx_config(
        tmp_path,
        listen=port,
        portal=live_server.url.removeprefix("http://"),
        objects=objects.removeprefix("http://"),
        media=str(tmp_path / "media"),
    )
    checked = subprocess.run(
        ["nginx", "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        ["nginx", "-c", str(config), "-p", str(tmp_path), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            break
        except OSError:
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)

    def get(path: str, *, session: str = "", range_: str = ""):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": "localhost"}
        if session:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
        if range_:
            headers["Range"] = range_
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response, response.read()

    yield get
    process.terminate()
    process.wait(timeout=10)


def _session(client_for, role) -> str:
    return client_for(role).cookies[settings.SESSION_COOKIE_NAME].value


def _stored(document_name: str) -> bytes:
    with default_storage.open(document_name, "rb") as handle:
        return handle.read()


def _check_downloads(package, client_for, get, location):
    from meetings.models import VersionDocument

    meeting = package["meeting"]
    public = VersionDocument.objects.get(kind="bilag", variant="offentlig")
    data = _stored(public.file.name)
    url = reverse("meetings:document_download", args=[meeting.pk, "bilag-offentlig"])

    answer, body = get(url)
    assert answer.status == 200
    assert body == data
    assert answer.getheader("Content-Type") == "application/pdf"
    assert answer.getheader("Cache-Control") == "private, no-store"
    disposition = answer.getheader("Content-Disposition")
    assert disposition.startswith("inline;") and 'Bilagssamling v1 (offentlig).pdf"' in disposition
    assert answer.getheader("X-Accel-Redirect") is None

    answer, body = get(url, range_="bytes=10-1033")
    assert answer.status == 206
    assert body == data[10:1034]
    assert answer.getheader("Content-Range") == f"bytes 10-1033/{len(data)}"

    members = reverse("meetings:document_download", args=[meeting.pk, "bilag-medlemmer"])
    answer, body = get(members)
    assert answer.status == 302 and b"BUNDT" not in body
    answer, body = get(members, session=_session(client_for, "municipality"))
    assert answer.status == 403
    answer, body = get(members, session=_session(client_for, "council_member"), range_="bytes=0-4")
    assert answer.status == 206 and body == b"%PDF-"

    closed = reverse("meetings:annex_download", args=[meeting.pk, package["closed_annex"].uid])
    assert get(closed)[0].status == 302
    assert get(closed, session=_session(client_for, "council_member"))[0].status == 200
    # The internal location is nginx's alone.
    answer, _body = get(f"{location}{public.file.name}")
    assert answer.status == 404


@pytest.mark.django_db(transaction=True)
def test_nginx_sends_files_from_disk_after_the_portal_says_yes(
    package, client_for, nginx, settings
):
    settings.DOWNLOADS_ACCEL_REDIRECT = "/_protected-disk/"
    _check_downloads(package, client_for, nginx, "/_protected-disk/")


@pytest.mark.django_db(transaction=True)
def test_nginx_sends_files_from_the_bucket_after_the_portal_says_yes(
    bucket, package, client_for, nginx, settings
):
    settings.DOWNLOADS_ACCEL_REDIRECT = "/_protected/"
    _check_downloads(package, client_for, nginx, f"/_protected/{bucket}/")


def test_compose_file_wires_nginx_minio_and_the_portal_together():
    """docker-compose.yml cannot run here; what it says must agree with deploy/nginx.conf."""
    import yaml

    compose = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
    services = compose["services"]
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, (name, needed)
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (Path(settings.BASE_DIR) / source).exists(), (name, source)
            else:
                assert source in compose["volumes"], (name, source)
    portal = services["web"]["environment"]
    nginx_conf = CONFIG.read_text()
    internal = re.findall(r"location (\S+) \{\s*internal;", nginx_conf)
    assert portal["DOWNLOADS_ACCEL_REDIRECT"] in internal
    endpoint = portal["S3_ENDPOINT_URL"].removeprefix("http://")
    assert f"proxy_set_header Host {endpoint};" in nginx_conf
    assert f"server {endpoint};" in nginx_conf
    assert endpoint.split(":")[0] in services
    assert "server web:8000;" in nginx_conf and "8000" in services["web"]["expose"]
    assert services["nginx"]["ports"] == ["8000:80"]
    assert "ports" not in services["web"], "only nginx is reachable from outside"
    assert services["minio-bucket"]["environment"]["S3_BUCKET"] == portal["S3_BUCKET"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["S3_BUCKET"] == portal["S3_BUCKET"]
