"""Publish → every PDF of the new version ready, with one and with two Celery workers.

A meeting of 24 items and 36 annexes (about 600 annex pages, some closed) is published again and
again, each time with one item title changed, so each run is a new version whose agenda and
bundle contents are laid out anew; the annexes' readers' copies are made beforehand, as on upload.
Each worker is a separate process (solo pool, concurrency 1), warmed up by one publish that is
not timed. Prints the median of the runs for one and for two workers side by side, and which
worker rendered which document.

Uses its own database (BENCH_PUBLISH_DATABASE_URL) and broker (BENCH_PUBLISH_BROKER_URL).
"""

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import in_process_portal  # noqa: E402

RUNS = int(os.environ.get("BENCH_PUBLISH_RUNS", "3"))
WORK, ENV = in_process_portal("publish", broker_db=13, WORKER_NICENESS="0")

from django.core.management import call_command  # noqa: E402

TEXT = "<p>Kommunerne i Nordjylland samarbejder om kvalificeret arbejdskraft og uddannelse.</p>"


def build_meeting():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import services
    from meetings.publishing.jobs import annex_reader_copy_prepare
    from tests.factories import MeetingFactory, SectionFactory, items_last_closed
    from tests.pdfs import make_pdf

    meeting = MeetingFactory(title="Benchmøde")
    annexes = []
    for number in range(1, 5):
        section = SectionFactory(meeting=meeting, position=number, title=f"Afsnit {number}")
        for item in items_last_closed(section, 6, background=TEXT * 6, presentation=TEXT * 20):
            position = item.position
            for index, pages in enumerate((25, 8) if position % 2 else (12,)):
                uploaded = SimpleUploadedFile(
                    f"bilag-{number}-{position}-{index}.pdf",
                    make_pdf(pages, f"Bilag {number}.{position}.{index}"),
                )
                annexes.append(
                    services.annex_create(
                        item=item,
                        uploaded=uploaded,
                        title=f"Notat {index + 1} til sag {number}.{position}",
                        closed=index == 1 and position == 3,
                    )
                )
    for annex in annexes:  # as the upload does in the background
        annex_reader_copy_prepare(annex_id=annex.pk)
    pages = sum(annex.page_count for annex in annexes)
    return meeting, len(annexes), pages


def start_workers(count: int) -> list:
    from kkr_portal.celery import app

    app.control.purge()
    names = [f"bench{n}@publish" for n in range(1, count + 1)]
    command = [sys.executable, "-m", "celery", "-A", "kkr_portal", "worker", "--pool=solo",
               "--concurrency=1", "--loglevel=WARNING", "--without-gossip", "--without-mingle"]  # fmt: skip
    # Each worker in its own session, as separate containers or machines are: with Linux's
    # autogroup scheduling the processes of one session share that session's CPU time, so on a
    # busy machine two workers started from one session would get no more CPU than one.
    workers = [
        subprocess.Popen(
            [*command, "--hostname", name],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for name in names
    ]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(destination=names, timeout=1.0) or []
        if {name for reply in replies for name in reply} == set(names):
            return workers
    raise SystemExit(f"workers {names} did not answer")


def idle(timeout=120):
    """Wait until the queues are empty (a publish also sends indexing and e-mail work)."""
    import redis

    client = redis.Redis.from_url(ENV["CELERY_BROKER_URL"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(client.llen(queue) for queue in ("celery", "render", "text", "mail")):
            return
        time.sleep(0.2)


def publish_once(meeting, run: int):
    from meetings import services
    from meetings.models import RenderJob, RenderPart

    item = meeting.sections.order_by("position").first().items.order_by("position").first()
    item.title = f"Sag 1.1 (rettet {run})"
    item.save()
    started = time.perf_counter()
    version = services.meeting_publish(meeting=meeting)
    while True:
        job = RenderJob.objects.filter(version=version).first()
        if job and job.status in (RenderJob.Status.DONE, RenderJob.Status.FAILED):
            break
        if time.perf_counter() - started > 600:
            raise SystemExit("render did not finish in 10 minutes")
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    assert job.status == RenderJob.Status.DONE, job.error
    parts = {
        f"{part.kind}-{part.variant}": f"{part.worker.split('@')[0]} "
        f"{(part.finished - part.started).total_seconds():4.1f}s"
        for part in RenderPart.objects.filter(job=job)
    }
    return seconds, parts


def bench(meeting, count: int, run_numbers) -> tuple[float, dict]:
    workers = start_workers(count)
    try:
        idle()
        # Not timed: each new worker process loads WeasyPrint, pikepdf and the fonts once.
        publish_once(meeting, f"w{count}")
        idle()
        results = []
        for run in run_numbers:
            results.append(publish_once(meeting, run))
            idle()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    return statistics.median(seconds for seconds, _parts in results), results[-1][1]


def main():
    call_command("migrate", verbosity=0)
    meeting, annexes, pages = build_meeting()
    print(
        f"Møde: 24 punkter, {annexes} bilag, {pages} bilagssider; {RUNS} offentliggørelser pr. opsætning"
    )
    one, one_parts = bench(meeting, 1, range(RUNS))
    two, two_parts = bench(meeting, 2, range(RUNS, 2 * RUNS))
    shutil.rmtree(WORK, ignore_errors=True)
    print(f"{'':34}{'1 worker':>14}{'2 workers':>14}")
    print(f"{'offentliggør → alle PDF-filer klar':34}{one:>13.1f}s{two:>13.1f}s   (median)")
    print(f"{'forhold':34}{1.0:>14.2f}{two / one:>14.2f}")
    print("  hvem lavede hvad (sidste kørsel):")
    for document in sorted(two_parts):
        print(f"  {document:32}{one_parts.get(document, ''):>14}{two_parts[document]:>14}")


if __name__ == "__main__":
    main()
