"""Retention on the public site: an old package leaves it; members still read it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from search.services import rebuild_all
from tests.factories import ItemFactory, MeetingFactory, SectionFactory

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


@pytest.fixture
def old_and_new(db, settings):
    settings.PUBLIC_RETENTION_DAYS = 365
    now = timezone.now()
    made = {}
    for key, age in (("old", 800), ("new", 30)):
        meeting = MeetingFactory(title=f"Møde {key}", start=now - datetime.timedelta(days=age),
                                 late_publish_reason="Arkiv")  # fmt: skip
        ItemFactory(section=SectionFactory(meeting=meeting), title=f"Arkivpunkt{key}",
                    recommendation="<p>Det indstilles</p>")  # fmt: skip
        services.meeting_publish(meeting=meeting)
        made[key] = meeting
    rebuild_all()
    return made


def _found(client, q):
    page = client.get(reverse("search:search"), {"q": q}).content.decode()
    return int(re.search(r"(\d+) resultat", page).group(1))


@pytest.mark.parametrize("role", ROLES)
def test_an_old_package_leaves_the_public_site_only(role, old_and_new, client_for):
    client = client_for(role)
    old = old_and_new["old"]
    public = role in ("municipality", "anonymous")
    listing = client.get(reverse("meetings:meeting_list")).content.decode()
    assert ("Møde old" in listing) is not public and "Møde new" in listing
    detail = client.get(reverse("meetings:meeting_detail", args=[old.pk]))
    assert detail.status_code == (404 if public else 200)
    assert _found(client, "Arkivpunktold") == (0 if public else 1)
    assert _found(client, "Arkivpunktnew") == 1
    feed = client.get(reverse("meetings:feed")).content.decode()
    calendar = client.get(reverse("meetings:calendar")).content.decode()
    assert "Møde old" not in feed and "Møde old" not in calendar  # feeds are the public's
    assert "Møde new" in feed


@pytest.mark.parametrize("role", ["anonymous", "council_member"])
def test_the_api_marks_it_deleted_for_the_public(role, old_and_new, client_for):
    client = client_for(role)
    old = old_and_new["old"]
    rows = client.get(reverse("api:meetings")).json()["data"]
    by_id = {row["id"].rstrip("/").rsplit("/", 1)[-1]: row for row in rows}
    if role == "anonymous":
        assert by_id[str(old.pk)] == {
            "id": f"http://testserver{reverse('api:meeting', args=[old.pk])}",
            "type": by_id[str(old.pk)]["type"],
            "deleted": True,
        }
        assert client.get(reverse("api:meeting", args=[old.pk])).json()["deleted"] is True
    else:
        assert by_id[str(old.pk)]["name"] == "Møde old"
        assert "deleted" not in client.get(reverse("api:meeting", args=[old.pk])).json()
