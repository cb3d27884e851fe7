"""What the benchmarks share: a database of their own, the portal's management commands run in a
separate process, servers started on a free local port, and wrk's output read through a Lua
script that prints one RESULT line."""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_database(url: str) -> None:
    """Drop and create the benchmark's own database (never the portal's)."""
    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)


def in_process_portal(name: str, *, broker_db: int, **extra: str) -> tuple[Path, dict]:
    """Set up the portal in this process for the benchmark `name`, on a fresh database, a broker
    and a working folder of its own; returns the folder and the environment that worker processes
    are to be started with. The database and broker are BENCH_<NAME>_DATABASE_URL and
    BENCH_<NAME>_BROKER_URL, by default kkr_bench_<name> and Redis database `broker_db`."""
    prefix = f"BENCH_{name.upper()}"
    database = os.environ.get(
        f"{prefix}_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/kkr_bench_{name}"
    )
    broker = os.environ.get(f"{prefix}_BROKER_URL", f"redis://127.0.0.1:6379/{broker_db}")
    work = Path(tempfile.mkdtemp(prefix=f"kkr-{name}-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kkr_portal.settings",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": broker,
        "SECRET_KEY": f"{name}-bench",
        "KKR_VAR_DIR": str(work / "var"),
        "FILE_STORAGE_OPTIONS": json.dumps({"location": str(work / "media")}),
        **extra,
    }
    os.environ.update(env)
    fresh_database(database)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return work, env


def manage(args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, what: str) -> None:
    """Wait up to about 30 s for a server to accept connections on `port`."""
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{what} svarede ikke")


@contextlib.contextmanager
def portal_in_chromium(env: dict, viewport: dict, **page_options):
    """The portal on Django's own server on a free local port, and a Chromium page for it:
    (base URL, page)."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port, "runserver")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu"],
            )
            yield f"http://127.0.0.1:{port}", browser.new_page(viewport=viewport, **page_options)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def wrk(url: str, script: Path, *, connections: int, duration: int, headers=()) -> str:
    """wrk's output for `url` with the Lua `script` (2 threads, 10 s timeout per request)."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
               "-s", str(script)]  # fmt: skip
    for header in headers:
        command += ["-H", header]
    return subprocess.run([*command, url], capture_output=True, text=True).stdout


def result_line(output: str, fields: int) -> tuple[str, ...]:
    """The numbers of the script's `RESULT …` line."""
    found = re.search(r"RESULT" + r" ([\d.]+)" * fields, output)
    if found is None:
        raise SystemExit(f"wrk gav ingen resultatlinje:\n{output}")
    return found.groups()
