"""The agenda builder for a full working day: a meeting of 30 items and 40 annexes.

Prints: server time and HTML size to open the builder (goals ≤ 300 ms, ≤ 200 kB), time to
interactive in Chromium (navigation to `load` plus the builder script ready; goal ≤ 1.5 s),
server time to save one item (goal ≤ 300 ms), and publish → every PDF of the new version ready
for the demo meeting with a running Celery worker (goal ≤ 5 s).

Uses its own database (BENCH_BUILDER_DATABASE_URL) and broker (BENCH_BUILDER_BROKER_URL).
"""

import datetime
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import in_process_portal, portal_in_chromium  # noqa: E402

WORK, ENV = in_process_portal(
    "builder", broker_db=14, DEBUG="true", ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
)

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

PARAGRAPH = (
    "<p>KKR Nordjylland besluttede at videreføre samarbejdet om kvalificeret arbejdskraft, "
    "uddannelse og erhvervsudvikling i de nordjyske kommuner. </p>"
) * 6


def build_meeting():
    from meetings import services
    from meetings.models import AgendaItem, AgendaSection, Body, Meeting
    from tests.factories import user_with_role
    from tests.pdfs import make_pdf

    user = user_with_role("bench-sekretariat", "secretariat")
    body, _ = Body.objects.get_or_create(slug="kkr-bench", defaults={"name": "KKR Bench"})
    meeting = Meeting.objects.create(
        body=body,
        title="Benchmøde",
        start=timezone.now() + datetime.timedelta(days=30),
        location="Aalborg",
    )
    sections = [
        AgendaSection.objects.create(meeting=meeting, position=n, title=f"Afsnit {n}")
        for n in range(1, 6)
    ]
    items = []
    for n in range(30):
        section = sections[min(n // 7, 4)]
        items.append(
            AgendaItem.objects.create(
                section=section,
                position=section.items.count() + 1,
                title=f"Punkt {n + 1}",
                background=PARAGRAPH,
                recommendation=PARAGRAPH,
                presentation=PARAGRAPH * 3,
            )
        )
    for n in range(40):
        uploaded = SimpleUploadedFile(f"Bilag_{n}.pdf", make_pdf(2, f"Bilag {n}"))
        services.annex_create(item=items[n % 30], uploaded=uploaded)
    return user, meeting, items


def timed(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_server(user, meeting, items):
    from tests.forms import form_data

    client = Client()
    client.force_login(user)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    client.get(url)  # warm-up: templates, translations
    seconds, response = timed(lambda: client.get(url), 10)
    assert response.status_code == 200
    print(f"builder open (server, median of 10): {seconds * 1000:.0f} ms   goal ≤ 300 ms")
    print(f"builder HTML size: {len(response.content) / 1024:.0f} kB   goal ≤ 200 kB")

    item_url = reverse("admin:meetings_agendaitem_change", args=[items[3].pk])
    saves = []
    for n in range(5):
        data = form_data(client.get(item_url).content.decode(), "agendaitem_form")
        data["title"] = f"Punkt 4 – rettet {n}"
        start = time.perf_counter()
        response = client.post(item_url, data)
        saves.append(time.perf_counter() - start)
        assert response.status_code == 302, response.content[:500]
    print(f"save one item (server, median of 5): {statistics.median(saves) * 1000:.0f} ms   "
          "goal ≤ 300 ms")  # fmt: skip


def bench_browser(meeting):
    from django.contrib.auth.models import User

    user = User.objects.get(username="bench-sekretariat")
    user.set_password("bench-pw-123")
    user.save()
    with portal_in_chromium(ENV, {"width": 1280, "height": 900}) as (base, page):
        url = f"{base}/admin/meetings/meeting/{meeting.pk}/change/"
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", "bench-sekretariat")
        page.fill("#id_password", "bench-pw-123")
        page.click("input[type=submit]")
        page.wait_for_load_state()
        page.goto(url)  # warm-up: browser cache as on a working day
        times = []
        for _ in range(5):
            start = time.perf_counter()
            page.goto(url, wait_until="load")
            page.wait_for_function(
                "() => document.getElementById('agenda-outline').dataset.ready === '1'"
            )
            times.append(time.perf_counter() - start)
    print(f"builder time to interactive in Chromium (median of 5): "
          f"{statistics.median(times):.2f} s   goal ≤ 1.5 s")  # fmt: skip


def bench_publish():
    from meetings import services
    from meetings.demo import DEMO_MEETING_UID, load_demo
    from meetings.models import Meeting, RenderJob

    load_demo()
    RenderJob.objects.filter(status__in=["queued", "running"]).update(status="failed")
    meeting = Meeting.objects.get(uid=DEMO_MEETING_UID)
    # Loading the demo queued its own work (renders, text extraction); the figure is for one
    # publication on an idle worker.
    from kkr_portal.celery import app

    app.control.purge()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kkr_portal", "worker", "-c", "2",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "-n", "bench@%h"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(4)  # the worker connects to the broker
        item = meeting.sections.order_by("position").first().items.order_by("position").first()
        item.title = item.title + " (rettet)"
        item.save()
        start = time.perf_counter()
        version = services.meeting_publish(meeting=meeting)
        while True:
            jobs = list(version.jobs.values_list("status", flat=True))
            if jobs and all(s in ("done", "failed") for s in jobs):
                break
            if time.perf_counter() - start > 300:
                break
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
        print(f"publish → all PDFs ready (demo meeting, version {version.number}, jobs {jobs}): "
              f"{elapsed:.1f} s   goal ≤ 5 s")  # fmt: skip
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main():
    call_command("migrate", verbosity=0)
    user, meeting, items = build_meeting()
    bench_server(user, meeting, items)
    bench_browser(meeting)
    bench_publish()


if __name__ == "__main__":
    main()
