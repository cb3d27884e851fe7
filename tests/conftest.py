import pytest
from django.test import Client

from meetings.rules import COUNCIL_MEMBER, MUNICIPALITY, SECRETARIAT
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add, user_with_role

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


@pytest.fixture(autouse=True)
def _portal_language():
    """Every test starts in the portal's language: a request with the English cookie leaves
    English active in its thread, as a web worker's next request sets its own."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def eager_celery(settings):
    """Tasks run inside the request that sends them; the real worker is tested elsewhere."""
    from kkr_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def users(db):
    return {
        "secretariat": user_with_role("sekretaer", SECRETARIAT),
        "council_member": user_with_role("medlem", COUNCIL_MEMBER),
        "municipality": user_with_role("kommune", MUNICIPALITY),
        "anonymous": None,
    }


@pytest.fixture
def client_for(users):
    def make(role):
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return make


@pytest.fixture
def package(db, users):
    """A published meeting with an open item, a closed item, open and closed annexes and a
    decision that is not yet published, plus a draft meeting nobody but the secretariat sees."""
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    open_item = ItemFactory(
        section=section, position=1, title="Vækst Via Viden", presentation="<p>ÅBENTEKST</p>",
        decision="<p>HEMMELIGBESLUTNING</p>",
    )  # fmt: skip
    closed_item = ItemFactory(
        section=section, position=2, title="Udpegninger", closed=True,
        presentation="<p>LUKKETTEKST</p>",
    )  # fmt: skip
    # Both signed: readers who may see them may also fetch the signed originals.
    open_annex = annex_add(open_item, title="Åbent bilag", text="AABENBILAG", signed=True)
    closed_annex_on_open_item = annex_add(
        open_item, title="Fortroligt notat", closed=True, text="LUKKETBILAG", signed=True,
        signer="Søren Lukketunderskriver",
    )  # fmt: skip
    closed_item_annex = annex_add(closed_item, title="Indstillinger", text="LUKKETPUNKTBILAG")
    from meetings import rendering, services
    from tests.pdfs import make_pdf

    version = services.meeting_publish(meeting=meeting)
    # Stand-in documents for the download matrix; test_rendering.py renders the real ones.
    for variant in ("medlemmer", "offentlig"):
        rendering.document_store(
            version=version, kind="bilag", variant=variant, data=make_pdf(3, f"BUNDT{variant}")
        )
    from meetings.models import Person

    Person.objects.create(name="Mogens Gade", party="A", user=users["council_member"])
    draft = MeetingFactory(title="KLADDEMØDE")
    draft_item = ItemFactory(section=SectionFactory(meeting=draft), title="Kladdepunkt")
    draft_annex = annex_add(draft_item, title="Kladdebilag")
    return {
        "meeting": meeting,
        "open_item": open_item,
        "closed_item": closed_item,
        "open_annex": open_annex,
        "closed_annex": closed_annex_on_open_item,
        "closed_item_annex": closed_item_annex,
        "draft": draft,
        "draft_annex": draft_annex,
    }


@pytest.fixture
def celery_workers(transactional_db):
    """Start real Celery worker processes on the broker `make test` names (the real Redis),
    against the test database and media folder; each consumes every queue. Stopped at the end."""
    import json
    import os
    import subprocess
    import sys

    import redis
    from django.conf import settings
    from django.db import connection

    from kkr_portal.celery import app

    url = app.conf.broker_url
    assert url.startswith("redis://"), f"the worker tests need Redis as broker, not {url}"
    assert connection.vendor == "postgresql", "the worker tests need the real PostgreSQL"
    redis.Redis.from_url(url).flushdb()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": url,
        "FILE_STORAGE_BACKEND": settings.STORAGES["default"]["BACKEND"],
        "FILE_STORAGE_OPTIONS": json.dumps(settings.STORAGES["default"]["OPTIONS"]),
    }

    class Workers:
        def __init__(self):
            self.processes = {}

        def __call__(self, name: str):
            self.processes[name] = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "kkr_portal", "worker", "--pool=solo",
                 "--concurrency=1", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
                 "--hostname", name],
                env=env,
                cwd=settings.BASE_DIR,
            )  # fmt: skip
            return self.processes[name]

        def stop(self, name: str):
            process = self.processes.pop(name)
            process.terminate()
            process.wait(timeout=30)

    workers = Workers()
    yield workers
    for name in list(workers.processes):
        workers.stop(name)
    redis.Redis.from_url(url).flushdb()
