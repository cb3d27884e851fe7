"""Readers under load: gunicorn (4 workers, as in docker-compose.yml) on 127.0.0.1 with Redis as the cache, `wrk` at 50, 200
and 500 connections, anonymous readers and a logged-in member, meeting pages and PDFs, while a
package renders in the background. Prints requests/s, p50, p95, p99 and errors side by side;
the floor beside them (the same wrk against a static file that whitenoise serves from the same
gunicorn) with the ratio; and the memory (VmRSS) of the web workers after 1,000 and after
20,000 requests.

Environment: LOAD_SECONDS (per run, default 10), BENCH_DATABASE_URL, BENCH_REDIS_URL (a Redis
database of its own: it is emptied), LOAD_NO_RENDER=1 to measure without the background render."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from bench.common import fresh_database, manage  # noqa: E402

PORT = 8766
DURATION = os.environ.get("LOAD_SECONDS", "10")
CONNECTIONS = (50, 200, 500)
DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kkr_bench")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# What a browser sends: pages come back compressed (brotli) as they would to a reader.
BROWSER = "Accept-Encoding: gzip, deflate, br"
GOAL = "mål ved 50: sider p95 < 150 ms og ≥ 400 forespørgsler/s; 0 fejl ved 500"

LUA = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%.3f %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
"""

SETUP = """
import json
from django.contrib.auth.models import User
from django.templatetags.static import static
from django.test import Client
from meetings.models import Meeting, PackageVersion, RenderJob, VersionDocument
from meetings.rendering import render_job_run
for job in RenderJob.objects.filter(status="queued"):
    render_job_run(job_id=job.pk)
def pdf(document):
    version = document.version
    return f"/moeder/{version.meeting_id}/version/{version.number}/pdf/{document.slug}.pdf"
published = Meeting.objects.filter(versions__isnull=False).distinct().order_by("-start")
member = Client()
member.force_login(User.objects.get(username="medlem"))
docs = VersionDocument.objects.filter(
    version__meeting__in=published, version__withdrawn_at=None
).select_related("version")
print(json.dumps({
    "meeting": published[0].pk,
    "pages": [f"/moeder/{pk}/" for pk in published.values_list("pk", flat=True)] + [
        f"/moeder/{v.meeting_id}/version/{v.number}/"
        for v in PackageVersion.objects.filter(meeting__in=published, withdrawn_at=None)
    ],
    "public": sorted({pdf(d) for d in docs if d.variant == "offentlig"}),
    "members": sorted({pdf(d) for d in docs if d.variant == "medlemmer"}),
    "session": member.cookies["sessionid"].value,
    "static": static("css/portal.css"),
}))
"""


def wrk(paths, connections, work, *, headers=(), duration=DURATION):
    script = work / f"load-{time.monotonic_ns()}.lua"
    script.write_text(LUA % {"paths": ", ".join(json.dumps(p) for p in paths)})
    output = common.wrk(
        f"http://127.0.0.1:{PORT}", script, connections=connections, duration=duration,
        headers=headers,
    )  # fmt: skip
    requests, micros, p50, p95, p99, status_errors, socket_errors = common.result_line(output, 7)
    return {
        "rps": int(requests) / (int(micros) / 1e6),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": int(status_errors) + int(socket_errors),
        "requests": int(requests),
    }


def gunicorn(env):
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kkr_portal.wsgi:application", "--bind",
         f"127.0.0.1:{PORT}", "--workers", "4", "--timeout", "120", "--backlog", "2048"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        time.sleep(0.2)
        probe = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{PORT}/"],
            capture_output=True,
            text=True,
        )
        if probe.stdout == "200":
            return web
    raise SystemExit("gunicorn svarede ikke")


def drain(static):
    """Wait until gunicorn has worked off the requests a run left queued (wrk closes its
    connections, but sync workers still answer what they accepted), so runs do not overlap."""
    for _ in range(300):
        probe = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-m", "0.5", f"http://127.0.0.1:{PORT}{static}"],
            capture_output=True,
        )
        if probe.returncode == 0:
            return
        time.sleep(0.5)


def worker_rss(web) -> list[int]:
    """VmRSS in MB of each worker of the gunicorn master `web`."""
    children = Path(f"/proc/{web.pid}/task/{web.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) // 1024)
    return sorted(sizes)


def background_render(env, meeting, work):
    """A package rendering again and again at the worker's lower priority, as in production."""
    if os.environ.get("LOAD_NO_RENDER"):
        return None
    loop = (
        f"while true; do nice -n 10 {sys.executable} manage.py render_meeting {meeting} --sync "
        f"--no-cache --output {work / 'render'} >/dev/null 2>&1; done"
    )
    return subprocess.Popen(["sh", "-c", loop], cwd=ROOT, env=env, start_new_session=True)


def row(label, result, floor=None):
    ratio = f"  {result['rps'] / floor:4.0%} af gulvet" if floor else ""
    return (
        f"  {label:<28} {result['rps']:7.0f}/s  p50 {result['p50']:6.0f}  p95 {result['p95']:6.0f}"
        f"  p99 {result['p99']:6.0f} ms  fejl {result['errors']}{ratio}"
    )


def main():
    if not shutil.which("wrk"):
        print("wrk er ikke installeret (apt-get install wrk); belastningstallet springes over")
        return
    work = Path(tempfile.mkdtemp(prefix="kkr-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE,
        "REDIS_URL": REDIS,
        "KKR_VAR_DIR": str(work),
        "CELERY_BROKER_URL": "memory://",
        "CONN_MAX_AGE": "60",
    }
    fresh_database(DATABASE)
    subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], check=True, capture_output=True)
    manage(["migrate", "-v0"], env)
    # As in production: hashed, precompressed static files that whitenoise marks immutable.
    manage(["collectstatic", "--noinput", "-v0"], {**env, "STATIC_HASHED": "1"})
    manage(["loaddemo"], env, capture_output=True)
    out = manage(["shell", "-c", SETUP], env, capture_output=True, text=True).stdout
    info = json.loads(out.strip().splitlines()[-1])
    meeting = info["meeting"]
    pages = ["/", *info["pages"]]
    member = f"Cookie: sessionid={info['session']}"
    loads = {
        "sider, anonym": (pages, [BROWSER]),
        "sider, medlem": (pages, [BROWSER, member]),
        "PDF'er, anonym": (info["public"], []),
        "PDF'er, medlem": (info["members"], [member]),
        "statisk fil (gulvet)": ([info["static"]], [BROWSER]),
    }
    web = gunicorn(env)
    # Each worker imports the portal on its first request, and each page is rendered once.
    wrk(pages + info["public"], 8, work, headers=[BROWSER], duration=10)
    wrk(pages + info["members"], 8, work, headers=[BROWSER, member], duration=10)
    static_headers = subprocess.run(
        ["curl", "-sI", f"http://127.0.0.1:{PORT}{info['static']}"], capture_output=True, text=True
    ).stdout
    static_cache = re.search(r"(?im)^cache-control: (.*?)\s*$", static_headers)
    render = background_render(env, meeting, work)
    results = {}
    try:
        for connections in CONNECTIONS:
            for label, (paths, headers) in loads.items():
                results[(label, connections)] = wrk(paths, connections, work, headers=headers)
                drain(info["static"])
    finally:
        if render is not None:
            os.killpg(render.pid, 15)
        web.terminate()
        web.wait(timeout=30)
    print(f"Belastning: gunicorn 4 workers, wrk {DURATION} s pr. kørsel"
          f"{'' if os.environ.get('LOAD_NO_RENDER') else ', mens en pakke renderes'}; "
          f"maskinen har {os.cpu_count()} kerner (load {os.getloadavg()[0]:.1f} ved slut)")  # fmt: skip
    for connections in CONNECTIONS:
        print(f" {connections} forbindelser:")
        floor = results[("statisk fil (gulvet)", connections)]["rps"]
        for label in loads:
            result = results[(label, connections)]
            print(row(label, result, floor if label.startswith("sider") else None))
    print(f" {GOAL}")
    print(f" Statisk fil {info['static']}: Cache-Control: "
          f"{static_cache.group(1) if static_cache else '(intet)'}")  # fmt: skip
    memory(env, pages, member, work)
    shutil.rmtree(work, ignore_errors=True)


def memory(env, pages, member, work):
    """Worker memory on a fresh gunicorn: after 1,000 requests and after 20,000 (anonymous
    readers' pages, with every tenth stretch a member's)."""
    web = gunicorn(env)
    served, sizes, stretch = 0, {}, 0
    try:
        for goal in (1_000, 20_000):
            while served < goal:
                stretch += 1
                headers = [BROWSER, member] if stretch % 10 == 0 else [BROWSER]
                served += wrk(pages, 20, work, headers=headers, duration=2)["requests"]
            sizes[goal] = (served, worker_rss(web))
    finally:
        web.terminate()
        web.wait(timeout=30)
    (first, after_1k), (total, after_20k) = sizes[1_000], sizes[20_000]

    def danish(number):
        return f"{number:,}".replace(",", ".")

    print(f" Hukommelse (VmRSS) pr. web-worker: efter {danish(first)} forespørgsler "
          f"{', '.join(map(str, after_1k))} MB; efter {danish(total)} "
          f"{', '.join(map(str, after_20k))} MB")  # fmt: skip


if __name__ == "__main__":
    main()
