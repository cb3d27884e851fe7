"""Runs the inspector in a child process with limits on memory (address space) and CPU time, and
a wall-clock timeout: a hostile annex costs the web process or the worker seconds, never itself."""

import json
import os
import resource
import select
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

from django.conf import settings

from meetings.publishing.limits import Limits

ROOT = Path(__file__).resolve().parents[2]


def upload_limits() -> Limits:
    """The caps of the upload check, from the settings."""
    return Limits(
        max_pages=settings.ANNEX_MAX_PAGES,
        max_stream_bytes=settings.ANNEX_MAX_STREAM_BYTES,
        max_total_bytes=settings.ANNEX_MAX_DECODED_BYTES,
        max_image_pixels=settings.ANNEX_MAX_IMAGE_PIXELS,
        memory_bytes=settings.ANNEX_CHECK_MEMORY_BYTES,
        cpu_seconds=settings.ANNEX_CHECK_CPU_SECONDS,
    )


def render_limits() -> Limits:
    """The same caps for the worker; a reader's copy of a large scan may take longer to write."""
    return replace(
        upload_limits(),
        memory_bytes=settings.RENDER_ANNEX_MEMORY_BYTES,
        cpu_seconds=settings.RENDER_ANNEX_CPU_SECONDS,
    )


# What a child killed at the wall-clock deadline leaves.
_KILLED = {"stdout": "", "returncode": -9, "peak_kb": 0}
# The largest resident memory a check of this process has needed (the benchmarks print it).
PEAK = {"kb": 0}


def inspect_bounded(path: str, *, mode: str, out: str | None, limits: Limits) -> dict:
    """Inspect (mode "check") or make a reader's copy (mode "reader") of the file at path.

    Returns the inspector's answer; a child that runs out of memory or time answers
    {"ok": False, "code": "memory" | "time"}."""
    request = {"path": path, "out": out, "mode": mode, "limits": limits.to_json()}
    seconds = limits.cpu_seconds * 2 + 5
    result = _checker.run({"request": request, "seconds": seconds})
    if result is None:  # the waiting checker is busy with another file: a process of its own
        result = _run_alone(request, limits, seconds)
    PEAK["kb"] = max(PEAK["kb"], result["peak_kb"])
    try:
        answer = json.loads(result["stdout"] or "null") or _died(result["returncode"], limits)
    except ValueError:
        answer = _died(result["returncode"], limits)
    if answer.get("code") == "memory":  # a MemoryError inside the child names no limit
        answer["params"] = {"limit": limits.memory_bytes}
    return answer


def _run_alone(request: dict, limits: Limits, seconds: float) -> dict:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "meetings.publishing.inspector"],
            input=json.dumps(request).encode(),
            capture_output=True,
            cwd=ROOT,
            preexec_fn=limits.impose,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return _KILLED
    return {
        "stdout": done.stdout.decode(errors="replace"),
        "returncode": done.returncode,
        "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


class _Checker:
    """This process's waiting checker (`checker.py`), started at first use and again after it
    ended (it does after a while without a file) or this process was forked. One file at a
    time: a second thread's file gets a process of its own rather than waiting."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None
        self._inherited = []

    def run(self, job: dict) -> dict | None:
        if not self._lock.acquire(blocking=False):
            return None
        try:
            process = self._started()
            process.stdin.write(json.dumps(job).encode() + b"\n")
            process.stdin.flush()
            # The checker kills its child at the deadline; a few seconds more for itself.
            if not select.select([process.stdout], [], [], job["seconds"] + 5)[0]:
                self._stop()
                return _KILLED
            line = process.stdout.readline()
            if not line:
                raise OSError("the checker ended")
            return json.loads(line)
        except (OSError, ValueError):
            self._stop()
            return None
        finally:
            self._lock.release()

    def _started(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "meetings.publishing.checker",
                    str(settings.ANNEX_CHECKER_IDLE_SECONDS),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=ROOT,
            )
        return self._process

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def forget(self) -> None:
        """In a forked child: the parent's checker is the parent's; start one's own. Its pipes
        are kept, never closed or collected here: another thread of the parent may have held
        their locks at the fork (a subprocess's child runs this between fork and exec)."""
        self._inherited.append(self._process)
        self._lock = threading.Lock()
        self._process = None


_checker = _Checker()
os.register_at_fork(after_in_child=_checker.forget)


def _died(returncode: int, limits: Limits) -> dict:
    """A child killed by a limit: SIGXCPU/SIGKILL for time, anything else for memory."""
    if returncode in (-24, -9):
        return {"ok": False, "code": "time", "params": {"seconds": limits.cpu_seconds}}
    return {"ok": False, "code": "memory", "params": {"limit": limits.memory_bytes}}
