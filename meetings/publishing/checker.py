"""The waiting checker: a process that has loaded the inspector, pikepdf and pyHanko once and forks
a fresh child for each file. Starting Python and loading them cost every upload a quarter of a
second (a signed one 0,8 s); a fork costs milliseconds. The child is as bounded as a new process:
it sets its own memory and CPU limits before it opens the file, and is killed at the wall-clock
deadline. The waiting process itself never opens a file, so nothing a file does reaches it.

Each web or worker process starts one (`bounded.py`) as `python -m meetings.publishing.checker
<idle seconds>` and talks to it over its stdin and stdout, one JSON line each way:
{"request": <the inspector's request, with its limits>, "seconds": <wall clock>} →
{"stdout": <the child's answer>, "returncode": <as subprocess gives it>, "peak_kb": <its peak>}.
It ends when its parent closes its stdin, or after the idle seconds without a file (the parent
starts it again for the next). No Django."""

import contextlib
import json
import os
import select
import signal
import sys
import time

from meetings.publishing import inspector, signers
from meetings.publishing.limits import Limits


def _child(job: dict, out: int) -> None:
    """In the forked child: limits first, then the file; never returns."""
    code = 1
    try:
        # The checker's own stdin and stdout carry its jobs: nothing in the child may touch them.
        quiet = os.open(os.devnull, os.O_RDWR)
        os.dup2(quiet, 0)
        os.dup2(quiet, 1)
        Limits(**job["request"]["limits"]).impose()
        answer = json.dumps(inspector.answer(job["request"])).encode()
        while answer:
            answer = answer[os.write(out, answer) :]
        code = 0
    except BaseException:  # the child's end is its exit status
        code = 1
    finally:
        os._exit(code)


def check(job: dict) -> dict:
    """Fork a child for one job and wait for its answer until the deadline."""
    deadline = time.monotonic() + job["seconds"]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(job, write_end)
    os.close(write_end)
    chunks = []
    with os.fdopen(read_end, "rb", buffering=0) as answers:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([answers], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                break
            chunk = answers.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _pid, status, usage = os.wait4(pid, 0)
    return {
        "stdout": b"".join(chunks).decode(),
        "returncode": os.waitstatus_to_exitcode(status),
        "peak_kb": usage.ru_maxrss,
    }


def serve(jobs, replies, idle_seconds: float) -> None:
    while select.select([jobs], [], [], idle_seconds)[0]:
        line = jobs.readline()
        if not line:
            return
        replies.write(json.dumps(check(json.loads(line))).encode() + b"\n")
        replies.flush()


def main() -> None:
    # Ctrl-C in the terminal reaches the whole process group; this process ends with its parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signers.load()
    with contextlib.suppress(BrokenPipeError):  # the parent ended during a check
        serve(sys.stdin.buffer, sys.stdout.buffer, idle_seconds=float(sys.argv[1]))


if __name__ == "__main__":
    main()
