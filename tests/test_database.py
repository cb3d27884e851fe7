import os

from django.db import connection


def test_ci_runs_on_postgresql(db):
    """Under CI the suite must talk to the real PostgreSQL, never the SQLite fallback."""
    if os.environ.get("CI") == "true":
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in {"postgresql", "sqlite"}
