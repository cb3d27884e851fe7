"""Downloads: what handing the file to nginx (X-Accel-Redirect, deploy/nginx.conf) gives next to
Django sending it itself, with the files on disk and in an S3 server. gunicorn (4 workers) on
127.0.0.1, `wrk` with 50 connections: the public annex bundle whole and a 64 KB range of it (what a
PDF reader asks for). Prints requests/s, p50, p95, MB/s and errors side by side.

The S3 rows use moto's server (a Python test server, one process), not MinIO: they show that the
path works and what it costs the portal, not what a real object store can deliver.

Environment: DOWNLOAD_SECONDS (per run, default 8), BENCH_DOWNLOADS_DATABASE_URL."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from bench.common import free_port, fresh_database, manage, wait_for  # noqa: E402
from tests.storage.nginx_conf import nginx_config  # noqa: E402

DURATION = os.environ.get("DOWNLOAD_SECONDS", "8")
CONNECTIONS = 50
DATABASE = os.environ.get(
    "BENCH_DOWNLOADS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kkr_bench_downloads"
)
BUCKET = "kkr-bench"
KEYS = {"AWS_ACCESS_KEY_ID": "kkr-bench", "AWS_SECRET_ACCESS_KEY": "kkr-bench-secret"}

SETUP = """
import json
from meetings import rendering, services
from meetings.models import RenderJob, VersionDocument
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
meeting = MeetingFactory()
section = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
for position in range(1, 11):
    item = ItemFactory(section=section, position=position, title=f"Sag {position}")
    for number in range(1, 4):
        annex_add(item, title=f"Bilag {position}.{number}", pages=20)
version = services.meeting_publish(meeting=meeting)
rendering.render_job_run(job_id=RenderJob.objects.get(version=version).pk)
bundle = VersionDocument.objects.get(version=version, kind="bilag", variant="offentlig")
print(json.dumps({"url": f"/moeder/{meeting.pk}/pdf/bilag-offentlig.pdf", "size": bundle.size}))
"""

LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.3f %.3f %d\\n", summary.requests, summary.duration,
    summary.bytes, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(port, path, work, headers=(), *, connections=CONNECTIONS, duration=DURATION) -> dict:
    script = work / "download.lua"
    script.write_text(LUA)
    output = common.wrk(
        f"http://127.0.0.1:{port}{path}", script, connections=connections, duration=duration,
        headers=headers,
    )  # fmt: skip
    requests, micros, size, p50, p95, errors = common.result_line(output, 6)
    seconds = int(micros) / 1e6
    return {
        "rps": int(requests) / seconds,
        "mbps": int(size) / seconds / 1e6,
        "p50": float(p50),
        "p95": float(p95),
        "errors": int(errors),
    }


def gunicorn(env, port):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kkr_portal.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "4", "--backlog", "2048"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for(port, "gunicorn")
    return process


def nginx(work: Path, *, portal: int, objects: str, media: str):
    port = free_port()
    folder = work / f"nginx-{port}"
    folder.mkdir()
    config = nginx_config(
        folder, listen=port, portal=f"127.0.0.1:{portal}", objects=objects, media=media
    )
    process = subprocess.Popen(
        ["nginx", "-c", str(config), "-p", str(folder), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    wait_for(port, "nginx")
    return process, port


def moto(work: Path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port, "moto")
    return process, f"127.0.0.1:{port}"


def bucket_fill(endpoint: str, media: Path) -> None:
    """The same files, under the same names, in the S3 server's bucket."""
    import boto3

    client = boto3.client(
        "s3", endpoint_url=f"http://{endpoint}", region_name="us-east-1",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    for path in media.rglob("*"):
        if path.is_file():
            client.upload_file(str(path), BUCKET, path.relative_to(media).as_posix())


def answered(port: int, url: str) -> None:
    """Wait until the download is answered (gunicorn's workers import the portal first)."""
    for _ in range(240):
        probe = subprocess.run(
            [
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                f"http://127.0.0.1:{port}{url}",
            ],
            capture_output=True,
            text=True,
        )
        if probe.stdout == "200":
            return
        time.sleep(0.5)
    raise SystemExit(f"{url} svarede ikke med 200")


def measure(label, port, url, work, results):
    results.append((label, "hele filen", wrk(port, url, work)))
    results.append((label, "64 KB-interval", wrk(port, url, work, ["Range: bytes=65536-131071"])))


def main():
    if not shutil.which("wrk") or not shutil.which("nginx"):
        print("wrk og nginx skal være installeret (make system-test); downloadtallet springes over")
        return
    work = Path(tempfile.mkdtemp(prefix="kkr-downloads-"))
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE,
        "KKR_VAR_DIR": str(work),
        "CELERY_BROKER_URL": "memory://",
        "CONN_MAX_AGE": "60",
        "DOWNLOADS_ACCEL_REDIRECT": "",
    }
    for name in ("REDIS_URL", "S3_BUCKET", "FILE_STORAGE_BACKEND", "FILE_STORAGE_OPTIONS"):
        env.pop(name, None)
    fresh_database(DATABASE)
    manage(["migrate", "-v0"], env)
    out = manage(["shell", "-c", SETUP], env, capture_output=True, text=True).stdout
    info = json.loads(out.strip().splitlines()[-1])
    media = work / "media"
    s3_server, endpoint = moto(work)
    bucket_fill(endpoint, media)
    s3 = {**env, **KEYS, "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": f"http://{endpoint}",
          "S3_REGION": "us-east-1"}  # fmt: skip
    setups = [
        ("disk, Django sender", env, None),
        ("disk, nginx sender", {**env, "DOWNLOADS_ACCEL_REDIRECT": "/_protected-disk/"}, True),
        ("S3 (moto), Django streamer", s3, None),
        ("S3 (moto), nginx henter", {**s3, "DOWNLOADS_ACCEL_REDIRECT": "/_protected/"}, True),
    ]
    results = []
    try:
        for label, setup_env, front in setups:
            port = free_port()
            web = gunicorn(setup_env, port)
            proxy = None
            try:
                if front:
                    proxy, port = nginx(work, portal=port, objects=endpoint, media=str(media))
                answered(port, info["url"])
                # Warm: every worker imports the portal once; no queue is left behind.
                wrk(port, info["url"], work, connections=4, duration=2)
                measure(label, port, info["url"], work, results)
            finally:
                if proxy is not None:
                    proxy.terminate()
                    proxy.wait(timeout=10)
                web.terminate()
                web.wait(timeout=30)
    finally:
        s3_server.terminate()
        s3_server.wait(timeout=10)
    size = info["size"] / 1e6
    print(f"Downloads: bilagssamlingen ({size:.1f} MB), gunicorn 4 workers, wrk {CONNECTIONS} "
          f"forbindelser {DURATION} s pr. kørsel; {os.cpu_count()} kerner "
          f"(load {os.getloadavg()[0]:.1f} ved slut)")  # fmt: skip
    for label, what, result in results:
        print(
            f"  {label:<28} {what:<15} {result['rps']:7.1f}/s  p50 {result['p50']:7.0f}"
            f"  p95 {result['p95']:7.0f} ms  {result['mbps']:7.1f} MB/s  fejl {result['errors']}"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
