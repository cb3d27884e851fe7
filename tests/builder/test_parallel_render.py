"""Two real Celery workers render the documents of one version side by side, and the files are
the same, byte for byte, as when one worker renders them all."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from kkr_portal.celery import app
from meetings import services
from meetings.models import RenderJob, RenderPart, VersionDocument
from meetings.publishing import jobs
from tests.factories import (
    ItemFactory,
    MeetingFactory,
    SectionFactory,
    annex_add,
    items_last_closed,
)
from tests.waiting import wait_until

QUEUES = ("celery", "render", "text", "mail")


def _workers_ready(names):
    replies = app.control.ping(destination=list(names), timeout=1.0) or []
    return {name for reply in replies for name in reply} == set(names)


def _workers_idle(names) -> bool:
    """Nothing waiting in any queue and nothing running on either worker (uploads queue their
    readers' copies and text extraction; the render must start on idle workers)."""
    import redis

    client = redis.Redis.from_url(app.conf.broker_url)
    if any(client.llen(queue) for queue in QUEUES):
        return False
    active = app.control.inspect(destination=list(names), timeout=1.0).active() or {}
    return set(active) == set(names) and not any(active.values())


def _render_done(version) -> RenderJob:
    def finished():
        job = RenderJob.objects.filter(version=version).latest("created")
        return job if job.status in (RenderJob.Status.DONE, RenderJob.Status.FAILED) else None

    job = wait_until(finished, "render job finished")
    assert job.status == RenderJob.Status.DONE, job.error
    return job


def _files(version) -> dict:
    return {
        (document.kind, document.variant): document.sha256
        for document in VersionDocument.objects.filter(version=version)
    }


@pytest.mark.celery_worker
def test_two_workers_share_a_version_and_render_it_byte_for_byte_as_one(celery_workers):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    text = "<p>Kommunerne i Nordjylland samarbejder om arbejdskraft.</p>" * 30
    for item in items_last_closed(section, 6, presentation=text):
        annex_add(item, title=f"Notat {item.position}", pages=12)
        annex_add(
            item, title=f"Fortroligt bilag {item.position}", pages=3, closed=item.position % 2 == 0
        )
    names = ("w1@kkr-test", "w2@kkr-test")
    for name in names:
        celery_workers(name)
    wait_until(lambda: _workers_ready(names), "both workers answer")
    wait_until(lambda: _workers_idle(names), "both workers idle")

    version = services.meeting_publish(meeting=meeting)  # on commit: sent to Redis
    job = _render_done(version)
    parts = list(RenderPart.objects.filter(job=job).order_by("position"))
    assert [(p.kind, p.variant, p.status) for p in parts] == [
        ("bilag", "medlemmer", "done"),
        ("bilag", "offentlig", "done"),
        ("dagsorden", "medlemmer", "done"),
        ("dagsorden", "offentlig", "done"),
    ]
    assert {p.worker for p in parts} == set(names)  # both workers took a part
    assert (job.done, job.total) == (2 * 12 + 2, 2 * 12 + 2)
    both = _files(version)
    assert len(both) == 4

    # The same version again on one worker, with nothing reused from the first render.
    celery_workers.stop(names[1])
    VersionDocument.objects.filter(version=version).delete()
    shutil.rmtree(Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "cache")
    jobs.version_render_queue(version=version)  # outside a transaction: sent at once
    alone = _render_done(version)
    assert {p.worker for p in RenderPart.objects.filter(job=alone)} == {names[0]}
    assert _files(version) == both


@pytest.mark.django_db
def test_each_part_has_one_worker_and_a_job_without_signs_of_life_is_left_to_the_sweep(settings):
    from django.utils import timezone

    from meetings.publishing import parts

    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Budget 2024")
    annex_add(item, title="Budget", pages=2)
    version = services.meeting_publish(meeting=meeting)
    job = RenderJob.objects.get(version=version)
    jobs.render_job_claim(job_id=job.pk)
    first = parts.part_claim(job_id=job.pk, worker="w1@kkr")
    second = parts.part_claim(job_id=job.pk, worker="w2@kkr")
    assert (first.kind, first.variant, second.kind, second.variant) == (
        "bilag", "medlemmer", "bilag", "offentlig",
    )  # fmt: skip
    assert not parts.job_finish(job_id=job.pk)  # two parts are held, two wait

    # The job's worker died holding a part: nobody else takes its parts; the sweep gives the
    # whole job back to the queue and the next claim puts every unfinished part back too.
    stale = timezone.now() - timezone.timedelta(seconds=settings.RENDER_STALE_SECONDS + 1)
    RenderJob.objects.filter(pk=job.pk).update(heartbeat=stale)
    assert parts.part_claim(job_id=job.pk, worker="w2@kkr") is None
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.QUEUED)
    jobs.render_job_claim(job_id=job.pk)
    waiting = RenderPart.objects.filter(job=job, status=RenderPart.Status.QUEUED)
    assert waiting.count() == 4 and not waiting.exclude(worker="").exists()

    jobs.render_job_help(job_id=job.pk, worker="w2@kkr")
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE and job.attempts == 2
    assert set(RenderPart.objects.filter(job=job).values_list("worker", flat=True)) == {"w2@kkr"}
