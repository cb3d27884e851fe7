"""Readers under load: gunicorn on 127.0.0.1, 50 concurrent readers (wrk) fetching published
meeting pages and PDFs while a package renders. Prints requests/s, p95 latency and errors."""

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
PORT = 8766
DURATION = os.environ.get("LOAD_SECONDS", "20")
DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kkr_bench")

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run(args, env, **kwargs):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, **kwargs)


def wrk(paths, connections, lua_dir):
    script = lua_dir / f"paths{connections}.lua"
    script.write_text(LUA % ", ".join(json.dumps(p) for p in paths))
    return subprocess.Popen(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{DURATION}s", "--timeout", "10s",
         "-s", str(script), f"http://127.0.0.1:{PORT}"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def parse(output):
    match = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", output)
    requests, micros, p50, p95, errors = match.groups()
    return int(requests) / (int(micros) / 1e6), float(p50), float(p95), int(errors)


def main():
    if not shutil.which("wrk"):
        print("wrk er ikke installeret (apt-get install wrk); belastningstallet springes over")
        return
    work = Path(tempfile.mkdtemp(prefix="kkr-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE,
        "KKR_VAR_DIR": str(work),
        "CELERY_BROKER_URL": "memory://",
        "CONN_MAX_AGE": "60",
    }
    db_name = DATABASE.rsplit("/", 1)[-1]
    admin_url = DATABASE.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{db_name}"', f'CREATE DATABASE "{db_name}"'):
        subprocess.run(["psql", admin_url, "-qc", sql], check=True)
    run(["manage.py", "migrate", "-v0"], env)
    run(["manage.py", "loaddemo"], env, capture_output=True)
    setup = (
        "from meetings.models import RenderJob, Meeting, VersionDocument\n"
        "from meetings.rendering import render_job_run\n"
        "[render_job_run(job_id=j.pk) for j in RenderJob.objects.filter(status='queued')]\n"
        "m = Meeting.objects.get()\n"
        "import json; print(json.dumps({'meeting': m.pk, 'docs': [d.slug for d in "
        "VersionDocument.objects.filter(version__meeting=m, variant='offentlig')]}))\n"
    )
    out = run(["manage.py", "shell", "-c", setup], env, capture_output=True, text=True).stdout
    info = json.loads(out.strip().splitlines()[-1])
    meeting = info["meeting"]
    pages = ["/", f"/moeder/{meeting}/", "/?year=2023"]
    pdfs = [f"/moeder/{meeting}/pdf/{slug}.pdf" for slug in info["docs"]]
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kkr_portal.wsgi:application", "--bind",
         f"127.0.0.1:{PORT}", "--workers", "4"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(3)
        render = subprocess.Popen(
            ["true"] if os.environ.get("LOAD_NO_RENDER") else
            # Background rendering runs at lower CPU priority than the web, as the worker does.
            ["nice", "-n", "10", sys.executable, "manage.py", "render_meeting", str(meeting),
             "--sync", "--no-cache",
             "--output", str(work / "render")],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        page_load = wrk(pages, 40, work)
        pdf_load = wrk(pdfs, 10, work)
        page_out, _ = page_load.communicate()
        pdf_out, _ = pdf_load.communicate()
        render.wait()
    finally:
        web.terminate()
        web.wait(timeout=20)
    for label, output in (("sider", page_out), ("PDF'er", pdf_out)):
        rps, p50, p95, errors = parse(output)
        print(f"Belastning ({label}): {rps:.0f} forespørgsler/s, p50 {p50:.0f} ms, "
              f"p95 {p95:.0f} ms, fejl {errors}")  # fmt: skip
    print(
        f"50 samtidige læsere i {DURATION} s, mens en pakke renderes; mål: 0 fejl, p95 < 300 ms for sider"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
