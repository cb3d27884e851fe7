"""Failing services (make faults): Redis down, a worker killed mid-render, PostgreSQL restarted."""

import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.urls import reverse

from kkr_portal.celery import app
from meetings import services
from meetings.models import RenderJob
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.faults.conftest import start_worker, wait_for_port, worker_env
from tests.waiting import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def _use_broker(url):
    app.conf.broker_url = url
    app.conf.broker_transport_options = {"visibility_timeout": 5}
    app.conf.broker_connection_retry = False
    app.conf.broker_connection_max_retries = 0
    app.amqp._producer_pool = None
    app._pool = None


def _assert_documents_sound(version):
    for document in version.documents.all():
        with default_storage.open(document.file.name, "rb") as handle:
            data = handle.read()
        assert len(data) == document.size
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) == document.page_count


def _package(items=3, annex_pages=3):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting)
    for index in range(items):
        item = ItemFactory(section=section, position=index + 1, presentation="<p>tekst</p>" * 40)
        annex_add(item, title=f"Bilag {index}", pages=annex_pages)
    return meeting


def test_redis_down_publish_waits_queued_and_renders_when_it_returns(private_redis, users):
    _use_broker(private_redis.url)
    meeting = _package()
    private_redis.stop()

    secretary = Client()
    secretary.force_login(users["secretariat"])
    url = reverse("admin:meetings_meeting_publish", args=[meeting.pk])
    response = secretary.post(url, {"what": "agenda"})
    assert response.status_code == 302  # the secretariat's publish is not lost
    version = meeting.versions.get()
    job = RenderJob.objects.get(version=version)
    assert job.status == RenderJob.Status.QUEUED
    page = Client().get(meeting.get_absolute_url())
    assert page.status_code == 200 and "PDF-filerne er ved at blive dannet" in page.content.decode()

    private_redis.start()
    worker = start_worker(worker_env(private_redis.url))
    try:
        wait_until(
            lambda: RenderJob.objects.get(pk=job.pk).status == RenderJob.Status.DONE, timeout=120
        )
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    _assert_documents_sound(version)
    assert version.documents.count() == 4


def test_worker_killed_mid_render_is_picked_up_and_never_serves_half_a_pdf(private_redis):
    _use_broker(private_redis.url)
    meeting = _package(items=30, annex_pages=40)
    env = worker_env(private_redis.url, RENDER_STALE_SECONDS="3", BROKER_VISIBILITY_TIMEOUT="5")
    worker = start_worker(env)
    version = services.meeting_publish(meeting=meeting)
    job = RenderJob.objects.get(version=version)
    wait_until(
        lambda: RenderJob.objects.get(pk=job.pk).status == RenderJob.Status.RUNNING,
        timeout=60, interval=0.05,
    )  # fmt: skip
    time.sleep(0.5)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.RUNNING  # died holding the job
    _assert_documents_sound(version)  # whatever became visible is complete
    for document in ("bilag-medlemmer", "bilag-offentlig"):
        response = Client().get(reverse("meetings:document_download", args=[meeting.pk, document]))
        assert response.status_code in (302, 404) or response["Content-Type"] == "application/pdf"

    time.sleep(3.5)  # the heartbeat grows stale
    replacement = start_worker(env)  # its start-up sweep gives the job back to the queue
    try:
        wait_until(lambda: RenderJob.objects.get(pk=job.pk).status == RenderJob.Status.DONE)
    finally:
        replacement.terminate()
        replacement.wait(timeout=20)
    job.refresh_from_db()
    assert job.attempts >= 2
    _assert_documents_sound(version)
    assert version.documents.count() == 4


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return 0, str(error).encode()


def test_postgres_restart_fails_cleanly_and_recovers_without_restarting_web(
    private_postgres, tmp_path
):
    env = {
        **os.environ,
        "DATABASE_URL": private_postgres["url"],
        "CONN_MAX_AGE": "60",
        "KKR_VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "memory://",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "loaddemo"], env=env, check=True, capture_output=True
    )
    port = 8765
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kkr_portal.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
        env=env,
    )  # fmt: skip
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        status, body = _get(base + "/")
        assert status == 200 and "Møde i KKR Nordjylland" in body.decode()
        subprocess.run([*private_postgres["control"], "stop", "-m", "fast"], check=True)
        during = [_get(base + "/")[0] for _ in range(6)]
        assert set(during) <= {503}, during  # a clean answer, no 500 and no hang
        body = _get(base + "/")[1].decode()
        assert "midlertidigt utilgængelig" in body
        subprocess.run([*private_postgres["control"], "start"], check=True)
        wait_for_port(5499)
        after = wait_until(lambda: [_get(base + "/")[0] for _ in range(4)] == [200] * 4, timeout=30)
        assert after
        assert web.poll() is None  # the same web process served throughout
    finally:
        web.terminate()
        web.wait(timeout=20)
    assert connection.vendor == "postgresql"
