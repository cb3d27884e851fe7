"""Real services that these tests may stop and start: a private Redis and a private PostgreSQL
cluster, so the machine's own services are never touched."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

FAULT_REDIS_PORT = 6391
FAULT_PG_PORT = 5499


def wait_for_port(port, *, up=True, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise AssertionError(f"port {port} did not go {'up' if up else 'down'}")


class PrivateRedis:
    def __init__(self, port=FAULT_REDIS_PORT):
        self.port = port
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for_port(self.port, up=False)


@pytest.fixture
def private_redis():
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


def worker_env(broker_url, **extra):
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker_url,
        "FILE_STORAGE_OPTIONS": json.dumps(settings.STORAGES["default"]["OPTIONS"]),
        **extra,
    }


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kkr_portal", "worker", "--pool=solo",
         "--concurrency=1", "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        env=env,
        cwd=settings.BASE_DIR,
    )  # fmt: skip


@pytest.fixture
def private_postgres():
    """A PostgreSQL cluster of its own on port 5499 that the test may restart."""
    assert shutil.which("pg_createcluster"), "postgresql-common is needed for the fault tests"
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_dropcluster", "--stop", version, "faults"], capture_output=True)
    subprocess.run(
        ["pg_createcluster", version, "faults", "-p", str(FAULT_PG_PORT), "--", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    control = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "faults"]
    subprocess.run([*control, "start"], check=True)
    wait_for_port(FAULT_PG_PORT)
    yield {"url": f"postgres://postgres@127.0.0.1:{FAULT_PG_PORT}/postgres", "control": control}
    subprocess.run([*control, "stop", "-m", "immediate"], capture_output=True)
    subprocess.run(["pg_dropcluster", version, "faults"], capture_output=True)
