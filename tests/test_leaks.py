"""The leak scan in more states than version 1: after the minutes, a second version, a withdrawn
version, a deleted meeting, a draft key behind an approved table, a draft contract attached to an
item, and an unpublished edit of a meeting's title and place. Every output a reader can reach
(tests/leakscan.py) is asked as every role, and read the way its receiver reads it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import rendering, services
from meetings.models import Annex, RenderJob
from search import services as search_services
from tests.factories import ItemFactory, SectionFactory, annex_add
from tests.leakscan import MEMBERS, meeting_urls, reader_urls, scan, search_count
from tests.test_permissions import CLOSED_MARKERS, DRAFT_MARKERS, UNPUBLISHED_MARKERS

# Every search also asks for each marker by name.
BASE_QUERIES = ("side", "punkt", "indstilles", "Baggrundstekst")


def _forbidden(*, closed=(), draft=(), unpublished=UNPUBLISHED_MARKERS, gone=()):
    """Markers a role must not receive: closed ones unless a member, drafts unless the
    secretariat, undecided and deleted ones for nobody."""
    closed = (*CLOSED_MARKERS, *closed)
    draft = (*DRAFT_MARKERS, *draft)

    def forbidden_for(role):
        markers = [*unpublished, *gone]
        if role not in MEMBERS:
            markers += closed
        if role != "secretariat":
            markers += draft
        return markers

    return forbidden_for


def _queries(*markers):
    return (*BASE_QUERIES, *markers)


def _index():
    for annex_id in Annex.objects.values_list("pk", flat=True):
        search_services.annex_text_extract(annex_id=annex_id)
    search_services.rebuild_all()


def _render(version):
    job = RenderJob.objects.filter(version=version).latest("created")
    rendering.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error


def _edit(item, **fields):
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()


def _out(version):
    """The version as readers get it: its PDFs rendered and its text in the index."""
    _render(version)
    _index()
    return version


def test_the_first_version_leaks_nothing_anywhere(package, client_for):
    _index()
    urls = reader_urls(search_for=_queries("LUKKETTEKST", "KLADDEMØDE", "HEMMELIGBESLUTNING"))
    assert scan(client_for, _forbidden(), urls) == {}


def test_published_minutes_never_show_a_closed_items_decision(package, client_for):
    _edit(package["closed_item"], decision="<p>LUKKETBESLUTNINGÆ godkendt</p>")
    _out(services.meeting_publish_minutes(meeting=package["meeting"]))
    urls = reader_urls(search_for=_queries("LUKKETBESLUTNINGÆ", "HEMMELIGBESLUTNING"))
    assert any("referat-offentlig" in url for url in urls)
    # The open item's decision is public now; the closed item's stays with the members.
    found = scan(client_for, _forbidden(closed=("LUKKETBESLUTNINGÆ",), unpublished=()), urls)
    assert found == {}


def test_a_second_version_with_a_new_closed_annex_leaks_nothing(package, client_for):
    _edit(package["open_item"], background="<p>ANDENVERSIONÅBEN</p>")
    annex_add(package["open_item"], title="Notat om løn", closed=True, text="ANDENLUKKETÅ")
    assert _out(services.meeting_publish(meeting=package["meeting"])).number == 2
    urls = reader_urls(search_for=_queries("ANDENLUKKETÅ", "ANDENVERSIONÅBEN"))
    assert scan(client_for, _forbidden(closed=("ANDENLUKKETÅ", "Notat om løn")), urls) == {}


def test_a_withdrawn_version_is_gone_for_readers_everywhere(
    package, client_for, users, django_capture_on_commit_callbacks
):
    # The mistake: a closed item published open.
    _edit(package["closed_item"], closed=False, presentation="<p>FEJLÅBNETTEKST</p>")
    version = _out(services.meeting_publish(meeting=package["meeting"]))
    urls = reader_urls(search_for=_queries("FEJLÅBNETTEKST", "LUKKETPUNKTBILAG"))
    assert (
        search_count(client_for("anonymous").get(reverse("search:search"), {"q": "FEJLÅBNETTEKST"}))
        == 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.version_withdraw(
            version=version, user=users["secretariat"], reason="Punkt 2.2 er lukket"
        )
    # No rebuild here: withdrawing re-indexes by itself.
    found = scan(client_for, _forbidden(closed=("FEJLÅBNETTEKST",)), urls)
    assert found == {}


def test_a_deleted_meeting_is_gone_everywhere(package, client_for):
    meeting = package["meeting"]
    meeting.title = "SLETTETMØDEÆ"
    services.meeting_save(meeting=meeting)
    services.meeting_publish(meeting=meeting)
    _index()
    urls = reader_urls(search_for=_queries("SLETTETMØDEÆ", "ÅBENTEKST")) + meeting_urls(meeting)
    assert (
        search_count(client_for("anonymous").get(reverse("search:search"), {"q": "ÅBENTEKST"})) == 1
    )
    meeting.delete()
    # Gone for everyone, the secretariat included, and without rebuilding the index.
    gone = ("SLETTETMØDEÆ", "ÅBENTEKST", "AABENBILAG", "Vækst Via Viden")
    assert scan(client_for, _forbidden(gone=gone), urls) == {}


def _draft_key():
    from budgets.models import DistributionKey, KeyBasis, KeyParticipant, KeyValue

    key = DistributionKey.objects.create(
        name="KLADDENØGLEÅ", total=Decimal(100), status=DistributionKey.Status.DRAFT
    )
    basis = KeyBasis.objects.create(key=key, column="befolkning")
    for name, value in (("Kladdeø Kommune", 220), ("Læsø", 2)):
        participant = KeyParticipant.objects.create(key=key, name=name)
        KeyValue.objects.create(participant=participant, basis=basis, value=Decimal(value))
    return key


def approved_table_with_draft_key():
    from budgets.models import Amount, BudgetTable, Line, Period, Secretariat

    secretariat, _ = Secretariat.objects.get_or_create(name="Sundhedssekretariatet")
    table = BudgetTable.objects.create(
        secretariat=secretariat, year=2024, title="Regnskab med overskud",
        status=BudgetTable.Status.APPROVED, payback_key=_draft_key(),
    )  # fmt: skip
    period = Period.objects.create(
        table=table, kind="accounts", label="Regnskab 2023", year=2023, position=1
    )
    income = Line.objects.create(table=table, side="income", label="Bidrag", position=1)
    expense = Line.objects.create(table=table, side="expense", label="Løn", position=2)
    Amount.objects.create(line=income, period=period, value=Decimal(1000))
    Amount.objects.create(line=expense, period=period, value=Decimal(400))
    return table


def test_a_draft_key_behind_an_approved_table_stays_hidden(package, client_for):
    table = approved_table_with_draft_key()
    _index()
    urls = reader_urls(search_for=_queries("KLADDENØGLEÅ", "Kladdeø"))
    assert any(str(table.pk) in url for url in urls)
    found = scan(client_for, _forbidden(draft=("KLADDENØGLEÅ", "Kladdeø Kommune")), urls)
    assert found == {}


def test_a_draft_contract_attached_to_an_item_stays_a_draft(package, client_for):
    from agreements.models import Contract
    from agreements.services import contract_attach_to_item
    from tests.agreements.factories import contract_with_goals

    contract = contract_with_goals(
        year=2032, status=Contract.Status.DRAFT, goal_text="<p>KLADDEKONTRAKTÆ mål</p>"
    )
    # Attaching a draft is refused, on the published meeting's item and on a draft meeting.
    draft_item = ItemFactory(section=SectionFactory(meeting=package["draft"]), title="Aftale")
    for item in (package["open_item"], draft_item):
        with pytest.raises(ValidationError):
            contract_attach_to_item(contract=contract, item=item)
    assert not Annex.objects.filter(title__contains="2032").exists()
    _index()
    urls = reader_urls(search_for=_queries("KLADDEKONTRAKTÆ", "Resultatkontrakt"))
    found = scan(client_for, _forbidden(draft=("KLADDEKONTRAKTÆ", "Resultatkontrakt 2032")), urls)
    assert found == {}


@pytest.mark.parametrize("field", ["title", "location"])
def test_an_unpublished_edit_of_title_or_place_stays_in_the_draft(field, package, client_for):
    meeting = package["meeting"]
    setattr(meeting, field, "LIVEÆNDRINGØ")
    services.meeting_save(meeting=meeting)
    _index()
    urls = reader_urls(search_for=_queries("LIVEÆNDRINGØ"))
    assert scan(client_for, _forbidden(draft=("LIVEÆNDRINGØ",)), urls) == {}


def test_a_published_rename_move_and_cancellation_reach_every_output(package, client_for):
    """The other half of the live-title rule: once published, readers are told everywhere."""
    from tests.leakscan import response_text

    meeting = package["meeting"]
    meeting.title, meeting.location, meeting.cancelled = "NYTITELÆ", "Mødelokale Ø", True
    services.meeting_save(meeting=meeting)
    services.meeting_publish(meeting=meeting)
    anonymous = client_for("anonymous")
    for url in (
        reverse("meetings:meeting_list"),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:feed"),
        reverse("meetings:calendar"),
        reverse("api:meetings"),
        reverse("api:meeting", args=[meeting.pk]),
    ):
        text = response_text(anonymous.get(url))
        assert "NYTITELÆ" in text, url
        if "feed" not in url:
            assert "Mødelokale Ø" in text, url
    calendar = response_text(anonymous.get(reverse("meetings:calendar")))
    assert "STATUS:CANCELLED" in calendar
    assert anonymous.get(reverse("api:meeting", args=[meeting.pk])).json()["cancelled"] is True


def test_the_scan_reads_answers_as_their_receivers_do():
    """JSON escapes Ø, feeds escape markup, iCalendar folds long lines: the scan still sees it."""
    from django.http import HttpResponse, JsonResponse

    from tests.leakscan import leaked

    answer = JsonResponse({"name": "KLADDEMØDE"})
    assert "KLADDEMØDE".encode() not in answer.content  # what a raw scan would have read
    assert leaked(answer, ["KLADDEMØDE"]) == ["KLADDEMØDE"]
    feed = HttpResponse("<summary>&lt;p&gt;KLADDEM&amp;#216;DE&lt;/p&gt;</summary>",
                        content_type="application/atom+xml")  # fmt: skip
    assert leaked(feed, ["KLADDEMØDE"]) == ["KLADDEMØDE"]
    calendar = HttpResponse("SUMMARY:Møde om KLADDEM\r\n ØDE\r\n", content_type="text/calendar")
    assert leaked(calendar, ["KLADDEMØDE"]) == ["KLADDEMØDE"]


@pytest.mark.parametrize("role", ["secretariat", "council_member", "municipality", "anonymous"])
def test_answers_with_closed_content_are_private_to_the_member(role, package, client_for):
    client = client_for(role)
    meeting = package["meeting"]
    for url in (
        reverse("meetings:meeting_list"),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:meeting_version", args=[meeting.pk, 1]),
        reverse("api:meeting", args=[meeting.pk]),
        reverse("search:search") + "?q=LUKKETTEKST",
    ):
        cache_control = client.get(url).get("Cache-Control", "")
        assert ("private" in cache_control) == (role in MEMBERS), (url, role, cache_control)
