"""Runs the inspector in a child process with limits on memory (address space) and CPU time, and
a wall-clock timeout: a hostile annex costs the web process or the worker seconds, never itself."""

import json
import resource
import subprocess
import sys
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


def inspect_bounded(path: str, *, mode: str, out: str | None, limits: Limits) -> dict:
    """Inspect (mode "check") or make a reader's copy (mode "reader") of the file at path.

    Returns the inspector's answer; a child that runs out of memory or time answers
    {"ok": False, "code": "memory" | "time"}."""

    def limit_child():
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    request = {"path": path, "out": out, "mode": mode, "limits": limits.to_json()}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "meetings.publishing.inspector"],
            input=json.dumps(request).encode(),
            capture_output=True,
            cwd=ROOT,
            preexec_fn=limit_child,
            timeout=limits.cpu_seconds * 2 + 5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "code": "time", "params": {"seconds": limits.cpu_seconds}}
    try:
        return json.loads(result.stdout or b"null") or _died(result, limits)
    except ValueError:
        return _died(result, limits)


def _died(result, limits: Limits) -> dict:
    """A child killed by a limit: SIGXCPU/SIGKILL for time, anything else for memory."""
    if result.returncode in (-24, -9):
        return {"ok": False, "code": "time", "params": {"seconds": limits.cpu_seconds}}
    return {"ok": False, "code": "memory", "params": {"limit": limits.memory_bytes}}
