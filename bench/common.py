"""What the benchmarks share: a database of their own, the portal's management commands run in a
separate process, and wrk's output read through a Lua script that prints one RESULT line."""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_database(url: str) -> None:
    """Drop and create the benchmark's own database (never the portal's)."""
    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)


def in_process_portal(
    prefix: str, *, database: str, broker: str, **extra: str
) -> tuple[Path, dict]:
    """Set up the portal in this process on a fresh database and a working folder of its own;
    returns the folder and the environment that worker processes are to be started with."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kkr_portal.settings",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": broker,
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
