"""Danish full-text search on PostgreSQL, exactly within what each role may read."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Annex
from search import selectors, services
from search.models import AnnexText, Entry
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.pdfs import make_pdf
from tests.search.corpus import meeting_of, results

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


def _index():
    for annex_id in Annex.objects.values_list("pk", flat=True):
        services.annex_text_extract(annex_id=annex_id)
    services.rebuild_all()


@pytest.fixture
def corpus(db):
    meeting = meeting_of(
        ("Sundhedsaftale for Nordjylland", "Hver kommune bidrager til samarbejdet."),
        ("Budget for sekretariatet", "Kommunernes betaling og sundhedsaftale nævnes kort."),
    )
    meeting_services.meeting_publish(meeting=meeting)
    _index()
    return meeting


def test_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_danish_stemming_finds_kommune_for_kommunerne(corpus, client_for):
    count, html = results(client_for("anonymous"), "kommunerne")
    assert count == 2
    assert "Hver <mark>kommune</mark> bidrager" in html


def test_ranking_puts_the_title_match_first(corpus):
    results = list(selectors.search(selectors.entries_for(None), "sundhedsaftale"))
    assert [r.title for r in results][:2] == [
        "1.1 Sundhedsaftale for Nordjylland",
        "1.2 Budget for sekretariatet",
    ]
    assert results[0].rank > results[1].rank


def test_snippets_escape_content_and_mark_hits(db, client_for):
    meeting = MeetingFactory()
    ItemFactory(
        section=SectionFactory(meeting=meeting),
        presentation="<p>a &lt;script&gt; sundhedsaftale</p>",
    )
    meeting_services.meeting_publish(meeting=meeting)
    _index()
    _count, html = results(client_for("anonymous"), "sundhedsaftale")
    assert "‹script› <mark>sundhedsaftale</mark>" in html
    assert "<script>" not in html.split('id="indhold"')[1]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_results_snippets_and_counts(role, package, client_for):
    _index()
    client = client_for(role)
    members = role in ("secretariat", "council_member")
    expectations = {
        "ÅBENTEKST": 1,  # open item text: everyone
        "AABENBILAG": 1,  # open annex text: everyone
        "LUKKETTEKST": 1 if members else 0,  # closed item text
        "LUKKETBILAG": 1 if members else 0,  # closed annex on an open item
        "LUKKETPUNKTBILAG": 1 if members else 0,  # annex of a closed item
        "HEMMELIGBESLUTNING": 0,  # decisions before the minutes: nobody
        "Kladdepunkt": 0,  # drafts are never indexed
        # A closed item's number and title are public; members also find its annex by it.
        "Udpegninger": 2 if members else 1,
    }
    for word, expected in expectations.items():
        count, html = results(client, word)
        assert count == expected, (role, word)
        if not members:
            # The page says what was searched for (the box, the feed's address), nothing more.
            shown = html.split('id="indhold"')[1].replace(f'value="{word}"', "")
            shown = shown.replace(f"?q={word}", "")
            for secret in ("LUKKETTEKST", "LUKKETBILAG", "Fortroligt notat"):
                assert secret not in shown, (role, word)


def test_decisions_become_findable_with_the_minutes(package):
    meeting_services.meeting_publish_minutes(meeting=package["meeting"])
    _index()
    assert selectors.search(selectors.entries_for(None), "HEMMELIGBESLUTNING").count() == 1


def test_scanned_annex_is_flagged_not_silently_missing(db, client_for):
    import io

    import pikepdf

    blank = pikepdf.new()
    blank.add_blank_page()
    buffer = io.BytesIO()
    blank.save(buffer)
    item = ItemFactory()
    from meetings.services import annex_create

    annex = annex_create(
        item=item,
        uploaded=SimpleUploadedFile("scan.pdf", buffer.getvalue()),
        title="Indscannet brev",
    )
    text = services.annex_text_extract(annex_id=annex.pk)
    assert (text.pages, text.pages_with_text, text.searchable) == (1, 0, False)
    html = (
        client_for("secretariat")
        .get(reverse("admin:search_unsearchableannex_changelist"))
        .content.decode()
    )
    assert "Indscannet brev" in html and "ingen tekst – kan ikke søges" in html
    with_text = annex_add(item, title="Notat", text="Noget tekst om fordeling af midler")
    html = (
        client_for("secretariat")
        .get(reverse("admin:search_unsearchableannex_changelist"))
        .content.decode()
    )
    assert "Notat" in html and "tekst ikke udtrukket endnu" in html  # until the task has run
    services.annex_text_extract(annex_id=with_text.pk)
    html = (
        client_for("secretariat")
        .get(reverse("admin:search_unsearchableannex_changelist"))
        .content.decode()
    )
    assert "Notat" not in html and "Indscannet brev" in html


def test_text_is_extracted_once_per_file(db):
    item = ItemFactory()
    data = make_pdf(2, "FÆLLESTEKST")
    first = meeting_services.annex_create(item=item, uploaded=SimpleUploadedFile("a.pdf", data))
    second = meeting_services.annex_create(item=item, uploaded=SimpleUploadedFile("b.pdf", data))
    services.annex_text_extract(annex_id=first.pk)
    services.annex_text_extract(annex_id=second.pk)
    assert AnnexText.objects.count() == 1
    assert "FÆLLESTEKST" in AnnexText.objects.get().text


def test_contracts_and_budgets_are_found(db, client_for):
    from agreements.demo import load_app_demo as contracts
    from budgets.demo import load_app_demo as budgets
    from meetings.demo import municipalities_ensure

    municipalities_ensure()
    contracts()
    budgets()
    services.rebuild_all()
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert {"contract", "budget"} <= kinds
    count, html = results(client_for("anonymous"), "knudepunktsfunktion")
    assert count >= 1 and "Mål 4" in html
    count, _html = results(client_for("anonymous"), "hjerterehabiliteringsdata")
    assert count == 1
    # The 2024 contract is a draft: not in the index for anyone.
    assert not Entry.objects.filter(kind="contract", year=2024).exists()


def test_an_annex_hit_opens_at_its_page(db, client_for):
    """In a long annex the word may stand on page 7 only: the result says so and opens the
    annex there (`#page=7`), as the bundle's links open it at an annex's first page."""
    from tests.pdfs import text_pdf

    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Trafikplan")
    pages = [[f"Indledning side {n}"] for n in range(1, 10)]
    pages[6] = ["Busbetjening af yderområderne"]
    meeting_services.annex_create(
        item=item, uploaded=SimpleUploadedFile("plan.pdf", text_pdf(pages)), title="Trafikplan"
    )
    meeting_services.meeting_publish(meeting=meeting)
    _index()
    for role in ROLES:
        _count, html = results(client_for(role), "yderområderne")
        (link,) = re.findall(r'<a href="([^"]+)"><span>Bilag 1: Trafikplan</span></a>', html)
        assert link.endswith("#page=7")
        assert "\f" not in html
        # The page's number opens the portal's reader there, which every device follows, with
        # the words found to mark on the pages.
        reader = link.removesuffix("#page=7").replace("/moeder/", "/noter/moeder/", 1)
        found = f'første fund på <a href="{reader}?fund=yderomr%C3%A5derne#side-7">side 7</a>'
        assert found in html
    # Found by its title alone, with no hit in its text: the annex opens at its beginning.
    _count, html = results(client_for("anonymous"), "Trafikplan")
    start = link.removesuffix("#page=7")
    assert f'<a href="{start}"><span>Bilag 1: <mark>Trafikplan</mark></span></a>' in html


def test_a_word_broken_at_a_line_s_end_is_found(db, client_for):
    """Justified PDFs break long Danish words at a line's end; the search finds them whole
    (pdftotext joins them)."""
    from tests.pdfs import text_pdf

    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Redegørelse")
    lines = ["Samarbejdet i KKR Nordjyl-", "land bygger på arbejdserfa-", "ring fra kommunerne."]
    meeting_services.annex_create(
        item=item, uploaded=SimpleUploadedFile("r.pdf", text_pdf([lines])), title="Redegørelse"
    )
    meeting_services.meeting_publish(meeting=meeting)
    _index()
    _count, html = results(client_for("anonymous"), "arbejdserfaring")
    assert "bygger på <mark>arbejdserfaring</mark> fra kommunerne" in html
    text = Entry.objects.get(kind="annex").text
    assert "Nordjylland" in text and "Nordjyl-" not in text and "arbejdserfa " not in text


def test_pages_of_results_count_them_all(db, client_for):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting)
    for position in range(1, 26):
        ItemFactory(section=section, position=position, title=f"Trafikplan del {position}")
    meeting_services.meeting_publish(meeting=meeting)
    _index()
    client = client_for("anonymous")
    url = reverse("search:search")

    def shown(side):
        html = client.get(url, {"q": "trafikplan", "side": side}).content.decode()
        count = int(re.search(r"(\d+) resultat", html).group(1))
        return count, len(re.findall(r'<li><a href="/moeder/', html))

    assert shown("1") == (25, 20)
    assert shown("2") == (25, 5)
    assert shown("99") == (25, 5)  # past the last page: the last page
    assert shown("x") == (25, 20)


def test_the_hits_are_marked_in_the_titles_too(corpus, client_for):
    _count, html = results(client_for("anonymous"), "sundhedsaftale nordjylland")
    assert "<mark>Sundhedsaftale</mark> for <mark>Nordjylland</mark></span></a>" in html
    # Markup in a title stays text; only the marks are markup.
    item = corpus.sections.get().items.get(position=1)
    item.title = "<b>Sundhedsaftale</b> & Nordjylland"
    item.save()
    meeting_services.meeting_publish(meeting=corpus)
    _index()
    _count, html = results(client_for("anonymous"), "sundhedsaftale")
    assert "&lt;b&gt;<mark>Sundhedsaftale</mark>&lt;/b&gt; &amp; Nordjylland</span></a>" in html


def test_results_newest_first_when_asked(db, client_for):
    older = MeetingFactory(
        start=timezone.now() - datetime.timedelta(days=400), late_publish_reason="Ny sag"
    )
    ItemFactory(section=SectionFactory(meeting=older), title="Trafikplan for Nordjylland")
    newer = MeetingFactory(
        start=timezone.now() - datetime.timedelta(days=30), late_publish_reason="Ny sag"
    )
    ItemFactory(section=SectionFactory(meeting=newer), title="Busdrift",
                presentation="<p>Trafikplan nævnes kort.</p>")  # fmt: skip
    for meeting in (older, newer):
        meeting_services.meeting_publish(meeting=meeting)
    _index()
    client = client_for("municipality")
    url = reverse("search:search")

    def shown(**params):
        html = client.get(url, {"q": "trafikplan", **params}).content.decode()
        results = html.split('<ol class="results">')[1].split("</ol>")[0]
        titles = re.findall(r'<li><a href="[^"]*"><span>(.*?)</span></a>', results)
        return [title.replace("<mark>", "").replace("</mark>", "") for title in titles]

    assert shown() == ["1.1 Trafikplan for Nordjylland", "1.1 Busdrift"]
    assert shown(order="nyeste") == ["1.1 Busdrift", "1.1 Trafikplan for Nordjylland"]
    html = client.get(url, {"q": "trafikplan", "order": "nyeste"}).content.decode()
    assert '<option value="nyeste" selected>Nyeste først</option>' in html


def test_the_search_is_offered_to_the_browser_as_a_search_engine(corpus, client_for):
    from xml.etree import ElementTree

    page = client_for("anonymous").get(reverse("search:search")).content.decode()
    link = re.search(r'<link rel="search" type="application/opensearchdescription\+xml"'
                     r' title="KKR Nordjylland" href="([^"]+)">', page)  # fmt: skip
    response = client_for("anonymous").get(link.group(1))
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    root = ElementTree.fromstring(response.content)
    assert len(root.find("os:ShortName", ns).text) <= 16  # the specification's limit
    templates = {url.get("type"): url.get("template") for url in root.findall("os:Url", ns)}
    assert templates["text/html"] == "http://testserver/soeg/?q={searchTerms}"
    assert templates["application/atom+xml"] == "http://testserver/soeg/feed/?q={searchTerms}"
    assert root.find("os:Image", ns).text.startswith("http://testserver/static/")
    # What a browser sends for a search term finds it.
    sent = templates["text/html"].replace("{searchTerms}", "sundhedsaftale")
    html = client_for("anonymous").get(sent.removeprefix("http://testserver")).content.decode()
    assert "2 resultater" in html and "<mark>Sundhedsaftale</mark> for Nordjylland" in html


def test_a_text_directive_names_the_hit_with_the_words_around_it():
    from search.selectors import START, STOP, text_directive

    snippet = f"… drøfter punkter til næste møde. {START}Vækst{STOP} Via Viden og SOSU-læreplads …"
    assert text_directive(snippet) == (
        ":~:text=til%20n%C3%A6ste%20m%C3%B8de.-,V%C3%A6kst,-Via%20Viden%20og"
    )
    # The second fragment holds the first hit; "…" is not the text's; a hyphen and a comma are
    # escaped, as they mean something in a directive.
    snippet = f"Intet her … for 2022-{START}2025{STOP}, og så …"
    assert text_directive(snippet) == ":~:text=for%202022%2D-,2025,-%2C%20og%20s%C3%A5"
    assert text_directive(f"{START}Budget{STOP}") == ":~:text=Budget"
    # Only words of the hit's own block (a line of the indexed text).
    assert text_directive(f"Baggrund\nDet {START}indstilles{STOP}, at\nIndstilling") == (
        ":~:text=Det-,indstilles,-%2C%20at"
    )
    assert text_directive("Ingen fund markeret") == ""


def test_an_item_opens_at_its_hit(corpus, client_for):
    _count, html = results(client_for("anonymous"), "samarbejdet")
    listed = html.split('<ol class="results">')[1]
    link = re.findall(r'<li><a href="([^"]+)">', listed)[0]
    assert link == (f"/moeder/{corpus.pk}/#punkt-1.1:~:text=kommune%20bidrager%20til-,samarbejdet")


def test_the_index_is_built_again_by_a_command(corpus):
    from django.core.management import call_command

    Entry.objects.update(text="gammel tekst på én linje")
    out = io.StringIO()
    call_command("search_rebuild", stdout=out)
    assert out.getvalue() == f"{Entry.objects.count()} indgange i søgeindekset.\n"
    entry = Entry.objects.get(title="1.1 Sundhedsaftale for Nordjylland")
    assert entry.text == "Hver kommune bidrager til samarbejdet."
    assert selectors.search(selectors.entries_for(None), "samarbejdet").get() == entry


def test_what_a_snippet_marks_is_marked_in_the_reader():
    """Marked words next to each other are one thing to mark; each once, as written."""
    start, stop = selectors.START, selectors.STOP
    snippet = (f"… med {start}Business{stop} {start}Region{stop} {start}North{stop} "
               f"{start}Denmark{stop} og {start}BRN{stop} … {start}brn{stop} og {start}BRN{stop}")  # fmt: skip
    assert selectors.hits_of(snippet) == ["Business Region North Denmark", "BRN"]
