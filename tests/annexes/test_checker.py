"""The waiting checker forks a bounded child for each file: a hostile file is refused as before and
never reaches the waiting process, which goes on checking; a second file at the same moment is
checked in a process of its own; a checker that ended, or one inherited through a fork, is
replaced."""

import os
import threading
import time
from dataclasses import replace

import pytest

from meetings.publishing import bounded
from meetings.publishing.bounded import inspect_bounded, upload_limits
from tests.annexes import hostile
from tests.pdfs import make_pdf, with_signature

MB = 1024 * 1024


@pytest.fixture
def write(tmp_path):
    def make(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return make


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> str:
    """Seconds of CPU to decode (4 × 1,1 GB: one is 0,75 s on a fast machine, over 2 s on a slow
    one), under caps that let it be decoded."""
    path = tmp_path_factory.mktemp("bombe") / "bombe.pdf"
    path.write_bytes(hostile.content_bomb(1100, streams=4))
    return str(path)


UNCAPPED = {"max_stream_bytes": 2048 * MB, "max_total_bytes": 8192 * MB}
# Time enough to decode it on a slow machine too (the check's own limit is 8 s of CPU).
PATIENT = {**UNCAPPED, "cpu_seconds": 120}


def _check(path: str, **limits) -> dict:
    return inspect_bounded(path, mode="check", out=None, limits=replace(upload_limits(), **limits))


def _checker_pid() -> int:
    return bounded._checker._process.pid


def test_hostile_files_are_refused_and_the_checker_goes_on(write, bomb):
    signed = write("kontrakt.pdf", with_signature(make_pdf(2, "KONTRAKT")))
    assert _check(signed)["signers"][0]["name"] == "Lone Underskriver"
    waiting = _checker_pid()

    # Decoding 4,4 GB takes more than a second of CPU: the child's own limit stops it.
    assert _check(bomb, cpu_seconds=1, **UNCAPPED) == {
        "ok": False, "code": "time", "params": {"seconds": 1},
    }  # fmt: skip
    # A thousand pages do not fit in 8 MB: refused, naming the limit.
    thousand = write("tusind.pdf", make_pdf(1000))
    assert _check(thousand, memory_bytes=8 * MB) == {
        "ok": False, "code": "memory", "params": {"limit": 8 * MB},
    }  # fmt: skip
    assert _check(thousand)["page_count"] == 1000

    # The same waiting process checked them all and checks the next.
    assert _check(signed)["signers"][0]["holds"] is True
    assert _checker_pid() == waiting


def test_the_wall_clock_deadline_ends_a_child(write, bomb):
    request = {"path": bomb, "out": None, "mode": "check", "limits": upload_limits().to_json()}
    request["limits"] |= UNCAPPED
    assert bounded._checker.run({"request": request, "seconds": 0.2})["returncode"] == -9
    assert _check(write("bilag.pdf", make_pdf(2)))["page_count"] == 2


def test_a_second_file_at_the_same_moment_is_checked_alone(write, bomb):
    quick = write("bilag.pdf", make_pdf(3))
    answers = {}
    thread = threading.Thread(target=lambda: answers.update(slow=_check(bomb, **PATIENT)))
    thread.start()
    while not bounded._checker._lock.locked():  # the waiting checker has the slow file
        assert thread.is_alive()
        time.sleep(0.001)
    answers["quick"] = _check(quick)
    # Answered while the slow file was still being checked: it did not wait its turn.
    assert answers["quick"]["page_count"] == 3
    assert thread.is_alive()
    thread.join()
    assert answers["slow"]["page_count"] == 1


def test_a_checker_that_ended_is_started_again(write):
    path = write("bilag.pdf", make_pdf(2))
    assert _check(path)["page_count"] == 2
    ended = bounded._checker._process
    ended.kill()
    ended.wait()
    assert _check(path)["page_count"] == 2
    assert _checker_pid() != ended.pid


def test_a_forked_process_starts_a_checker_of_its_own(write):
    path = write("bilag.pdf", make_pdf(2))
    assert _check(path)["page_count"] == 2
    parents = _checker_pid()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # as a web server's worker is forked from its master
        try:
            answer = _check(path)
            os.write(write_end, f"{answer['page_count']} {_checker_pid()}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as reply:
        pages, childs = reply.read().split()
    os.waitpid(child, 0)
    assert pages == "2"
    assert int(childs) != parents
    assert _check(path)["page_count"] == 2
    assert _checker_pid() == parents


def test_an_idle_checker_ends_and_the_next_file_starts_one(write, settings):
    path = write("bilag.pdf", make_pdf(2))
    bounded._checker._stop()
    settings.ANNEX_CHECKER_IDLE_SECONDS = 1
    assert _check(path)["page_count"] == 2
    idle = bounded._checker._process
    assert idle.wait(timeout=30) == 0  # its memory is given back
    assert _check(path)["page_count"] == 2
    assert _checker_pid() != idle.pid
    bounded._checker._stop()  # the rest of the suite gets one that waits as long as usual
