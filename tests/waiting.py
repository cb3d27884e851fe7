"""Waiting for another process (a Celery worker, a restarted server) to reach a state."""

import time


def wait_until(predicate, what: str = "condition", *, timeout: float = 180, interval: float = 0.3):
    """The first true value of `predicate()`; fails the test naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    raise AssertionError(f"{what}: not reached in {timeout} s")
