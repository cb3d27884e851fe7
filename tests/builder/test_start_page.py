"""The secretariat's start page: the day's work first, the security logs tucked away."""

import datetime
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


def _section(page: str, key: str) -> str:
    start = page.index(f'id="{key}-h"')
    return re.sub(r"\s+", " ", page[start : page.index("</section>", start)])


def test_start_page_gathers_what_waits_for_the_secretariat(package, client_for, client):
    """A member's proposal and apologies (without the substitute called), a reader's request for
    an accessible copy and a decision the councils have not all treated by its deadline are each
    on the start page, linked to where they are dealt with; dealt with, they leave it."""
    from compliance.models import AccessibleCopyRequest
    from meetings.models import Attendance, ItemProposal
    from municipalities.models import CouncilReferral, CouncilTreatment
    from tests.municipalities.helpers import municipalities_make, referral_make

    meeting = package["meeting"]
    member = client_for("council_member")
    member.post(reverse("meetings:proposal_create", args=[meeting.pk]),
                {"title": "Ny erhvervsfremmestrategi", "text": "Drøftelse"})  # fmt: skip
    member.post(reverse("meetings:absence_report", args=[meeting.pk]))
    client.post(
        reverse("compliance:accessible_copy_request", args=[meeting.pk, package["open_annex"].uid]),
        {"email": "borger@example.dk"},
    )
    municipalities_make()
    referral = referral_make(title="Fordeling af lærepladser")
    CouncilReferral.objects.filter(pk=referral.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    referral.treatments.filter(municipality__name="Læsø").update(
        status=CouncilTreatment.Status.NOT_RELEVANT
    )
    secretariat = client_for("secretariat")
    page = secretariat.get(reverse("admin:index")).content.decode()

    proposal = ItemProposal.objects.get()
    proposals = _section(page, "proposals")
    change = reverse("admin:meetings_itemproposal_change", args=[proposal.pk])
    assert (
        f'{proposal.proposer.name}: <a href="{change}">Ny erhvervsfremmestrategi</a>' in proposals
    )
    assert "til mødet" in proposals
    apologies = _section(page, "apologies")
    attendance = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    assert f'<a href="{attendance}">' in apologies
    assert '<span class="badge warn">stedfortræder ikke indkaldt</span>' in apologies
    request = AccessibleCopyRequest.objects.get()
    change = reverse("admin:compliance_accessiblecopyrequest_change", args=[request.pk])
    assert f'<a href="{change}">Åbent bilag</a>' in _section(page, "copy-requests")
    councils = _section(page, "councils")
    referral_page = reverse("admin:municipalities_councilreferral_change", args=[referral.pk])
    named = CouncilReferral.objects.select_related("item__section").get(pk=referral.pk)
    assert (
        f'<a href="{referral_page}">{named}</a>' in councils
        and "Fordeling af lærepladser" in councils
    )
    assert "10 kommuner mangler" in councils and 'class="badge warn">overskredet' in councils

    ItemProposal.objects.update(status=ItemProposal.Status.ON_AGENDA)
    Attendance.objects.update(substitute_called=True)
    AccessibleCopyRequest.objects.update(handled=True)
    referral.treatments.update(status=CouncilTreatment.Status.DECIDED)
    page = secretariat.get(reverse("admin:index")).content.decode()
    assert "Ingen forslag venter." in _section(page, "proposals")
    assert '<span class="badge ok">stedfortræder indkaldt</span>' in _section(page, "apologies")
    assert "Ingen ubesvarede anmodninger." in _section(page, "copy-requests")
    assert "Ingen sager venter hos kommunalbestyrelserne." in _section(page, "councils")
