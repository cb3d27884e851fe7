"""Rendering through a real Celery worker process with the real Redis broker."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from meetings import services
from meetings.models import RenderJob
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add


@pytest.fixture
def redis_broker():
    """The real Redis that `make test` names as the broker (CELERY_BROKER_URL)."""
    import redis

    from kkr_portal.celery import app

    url = app.conf.broker_url
    assert url.startswith("redis://"), f"the worker test needs Redis as broker, not {url}"
    client = redis.Redis.from_url(url)
    client.ping()  # the real Redis must answer; no fallback
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def worker(redis_broker, transactional_db):
    assert connection.vendor == "postgresql", "the worker test needs the real PostgreSQL"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": redis_broker,
        "FILE_STORAGE_OPTIONS": json.dumps(settings.STORAGES["default"]["OPTIONS"]),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kkr_portal", "worker", "--pool=solo",
         "--concurrency=1", "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        env=env,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    yield process
    process.terminate()
    process.wait(timeout=20)


def _wait_for(job, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (RenderJob.Status.DONE, RenderJob.Status.FAILED):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job still {job.status} ({job.progress}) after {timeout} s")


@pytest.mark.celery_worker
def test_publish_renders_in_a_real_worker_over_redis(worker):
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Budget 2024")
    annex_add(item, title="Budget", pages=3)
    version = services.meeting_publish(meeting=meeting)  # on commit: sent to Redis
    job = _wait_for(RenderJob.objects.get(version=version))
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.progress == "Færdig"
    documents = sorted((d.kind, d.variant, d.page_count > 0) for d in version.documents.all())
    assert documents == [
        ("bilag", "medlemmer", True),
        ("bilag", "offentlig", True),
        ("dagsorden", "medlemmer", True),
        ("dagsorden", "offentlig", True),
    ]
