"""The secretariat's start page: the day's work first, the security logs tucked away."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from meetings import services
from meetings.models import RenderJob
from tests.builder.test_publishing import _meeting


def test_start_page_shows_next_meetings_drafts_deadlines_and_failed_jobs(client_for, db):
    draft = _meeting(days=5, title="Kladdemødet")
    published = _meeting(days=40, title="Det offentliggjorte møde")
    version = services.meeting_publish(meeting=published)
    RenderJob.objects.filter(version=version).update(
        status=RenderJob.Status.FAILED, error="WeasyPrint: skrifttypen mangler"
    )
    page = client_for("secretariat").get(reverse("admin:index")).content.decode()
    next_meetings = page[page.index("Næste møder") : page.index("Frister for udsendelse")]
    assert next_meetings.index("Kladdemødet") < next_meetings.index("Det offentliggjorte møde")
    deadlines = page[page.index("Frister for udsendelse") : page.index('id="drafts-h"')]
    assert "Kladdemødet" in deadlines and "overskredet" in deadlines
    drafts = page[page.index('id="drafts-h"') : page.index('id="jobs-h"')]
    assert "Kladdemødet" in drafts and "Det offentliggjorte møde" not in drafts
    assert "WeasyPrint: skrifttypen mangler" in page
    # The login-security logs come last, folded away, and in Danish.
    tucked = page[page.index("<details") :]
    assert "Sikkerhedslog" in tucked and "Loginforsøg" in tucked
    main = page[page.index('id="content-main"') : page.index("<details")]
    assert not re.search(r"Access (attempts|failures|logs)", page)
    assert "Loginforsøg" not in main
    assert draft.pk


def test_start_page_writes_dates_the_way_of_its_language(client_for, db):
    draft = _meeting(days=5, title="Kladdemødet")
    start = timezone.localtime(draft.start)
    client = client_for("secretariat")
    danish = client.get(reverse("admin:index")).content.decode()
    assert f"{date_format(start, 'j. F Y H.i')} – Kladdemødet" in danish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("admin:index")).content.decode()
    with translation.override("en"):
        assert f"{date_format(start, 'j F Y H:i')} – Kladdemødet" in english
