"""Old packages brought in: the portal's own package round trip, a hand-made bundle in the
seeds' layout with a two-page contents, and refusals that leave nothing behind."""

import datetime
import os

import pytest
from django.core.management import CommandError, call_command

from archive.contents import ContentsError
from archive.services import SourcePdf, package_import
from meetings import rendering, services, visibility
from meetings.models import Annex, Meeting, PackageVersion, VersionDocument
from tests.archive.helpers import seed_agenda, seed_bundle, text_pdf
from tests.factories import BodyFactory, ItemFactory, MeetingFactory, SectionFactory, annex_add


def _rendered(meeting, minutes=False):
    version = services.meeting_publish(meeting=meeting)
    documents = {
        (kind, variant): data
        for kind, variant, data in rendering.package_documents(
            visibility.frozen_package(version), version_number=1, minutes=minutes
        )
    }
    return version, documents


def _shape(meeting):
    """(number, title, case number, closed, [(annex title, pages, closed)]) per item."""
    rows = []
    for section in meeting.sections.order_by("position"):
        for item in section.items.order_by("position"):
            rows.append(
                (
                    item.number,
                    item.title,
                    item.case_number,
                    item.closed,
                    [
                        (a.title, a.page_count, a.is_closed)
                        for a in item.annexes.order_by("position")
                    ],
                )
            )
    return rows


@pytest.fixture
def rendered_meeting(db):
    meeting = MeetingFactory(location="Aalborg Rådhus")
    first = SectionFactory(meeting=meeting, position=1, title="Godkendelse af referat")
    second = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    ItemFactory(
        section=first, position=1, title="Godkendelse af dagsorden", case_number="SAG-2023-03908"
    )
    budget = ItemFactory(
        section=second,
        position=1,
        title="Godkendelse af regnskab 2023 og budget 2024 for de fælleskommunale sekretariater "
        "og Sekretariat for Nordjysk Socialaftale",
        case_number="SAG-2023-02117",
        initials="hlth/nby",
        presentation="<p>Regnskabet viser et overskud.</p><ul><li>Sundhedssekretariatet</li>"
        "<li>Rammeaftalesekretariatet</li></ul><p>Budgettet er uændret.</p>",
        decision="<p>Godkendt som indstillet.</p>",
    )
    closed = ItemFactory(section=second, position=2, title="Udpegninger", closed=True)
    contract = ItemFactory(
        section=second, position=3, title="Resultatkontrakt 2024 – regionale mål"
    )
    annex_add(budget, title="Regnskab budget sundhedssekretariat", pages=3)
    annex_add(budget, title="Fortroligt notat", pages=2, closed=True)
    annex_add(closed, title="Indstillinger", pages=4)
    annex_add(contract, title="Udkast til regionale mål_RK2024", pages=1)
    annex_add(contract, title="Den nordjyske samarbejdsmodel (grafisk)", pages=5)
    return meeting


def test_import_round_trip_gives_back_items_annex_titles_and_pages(rendered_meeting):
    _version, documents = _rendered(rendered_meeting)
    original = _shape(rendered_meeting)
    imported = package_import(
        body=rendered_meeting.body,
        agenda=SourcePdf("dagsorden.pdf", documents[("dagsorden", "medlemmer")]),
        bundle=SourcePdf("bilag.pdf", documents[("bilag", "medlemmer")]),
        date=datetime.date(2019, 3, 8),
        # The members' package does not say which annexes of an open item are closed.
        closed_annexes=frozenset({("2.1", 2)}),
    )
    meeting = imported.meeting
    assert meeting.pk != rendered_meeting.pk
    assert _shape(meeting) == original
    assert meeting.location == "Aalborg Rådhus"
    assert meeting.start.date() == datetime.date(2019, 3, 8)
    assert [s.title for s in meeting.sections.order_by("position")] == [
        "Godkendelse af referat",
        "Regionalpolitiske sager",
    ]
    assert meeting.sections.get(position=2).items.get(position=1).initials == "hlth/nby"
    # Published, version 1, with the original files kept byte for byte; a package with a closed
    # item keeps its originals for members only.
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PUBLISHED
    new_version = PackageVersion.objects.get(meeting=meeting)
    assert new_version.number == 1
    stored = {(d.kind, d.variant): d for d in new_version.documents.all()}
    assert set(stored) == {("dagsorden", "medlemmer"), ("bilag", "medlemmer")}
    with stored[("bilag", "medlemmer")].file.open("rb") as handle:
        assert handle.read() == documents[("bilag", "medlemmer")]
    titles = [
        a["title"]
        for s in new_version.snapshot["sections"]
        for i in s["items"]
        for a in i["annexes"]
    ]
    assert titles == [
        "Regnskab budget sundhedssekretariat",
        "Fortroligt notat",
        "Indstillinger",
        "Udkast til regionale mål_RK2024",
        "Den nordjyske samarbejdsmodel (grafisk)",
    ]


def test_import_hand_made_bundle_with_two_page_contents(db):
    annex_pages = {(f"2.{n}", a): 1 + (n + a) % 3 for n in range(1, 13) for a in (1, 2)}
    bundle, expected = seed_bundle(annex_pages)
    imported = package_import(
        body=BodyFactory(),
        agenda=SourcePdf("dagsorden.pdf", seed_agenda()),
        bundle=SourcePdf("bilag.pdf", bundle),
    )
    meeting = imported.meeting
    assert meeting.start.strftime("%d.%m.%Y %H:%M") == "26.08.2021 10:00"
    assert meeting.location == "Rebild Rådhus"
    got = [
        (a.item.number, a.item.title, a.position, a.title, a.page_count)
        for a in Annex.objects.filter(item__section__meeting=meeting).order_by(
            "item__position", "position"
        )
    ]
    assert got == [(n, t, a, at, p) for n, t, a, at, p in expected]
    assert meeting.sections.get().items.get(position=12).case_number == "SAG-2021-0012"
    stored = set(
        PackageVersion.objects.get(meeting=meeting).documents.values_list("kind", "variant")
    )
    assert stored == {
        ("dagsorden", "medlemmer"),
        ("dagsorden", "offentlig"),
        ("bilag", "medlemmer"),
        ("bilag", "offentlig"),
    }


def _stored_files(settings):
    root = settings.STORAGES["default"]["OPTIONS"]["location"]
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def test_bundle_whose_pages_do_not_add_up_is_refused_and_nothing_is_kept(db, settings, tmp_path):
    annex_pages = {(f"2.{n}", a): 2 for n in range(1, 13) for a in (1, 2)}
    bundle, _annexes = seed_bundle(annex_pages)
    # The same contents over a bundle that lost its last three pages.
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(bundle)) as pdf:
        del pdf.pages[-3:]
        out = io.BytesIO()
        pdf.save(out)
    with pytest.raises(ContentsError) as refused:
        package_import(
            body=BodyFactory(),
            agenda=SourcePdf("d.pdf", seed_agenda()),
            bundle=SourcePdf("b.pdf", out.getvalue()),
        )
    assert refused.value.problems == [
        "Bilag 2 til punkt 2.12 begynder på side 49, men bilagssamlingen har kun 47 sider."
    ]
    assert Meeting.objects.count() == 0 and Annex.objects.count() == 0
    assert VersionDocument.objects.count() == 0
    assert _stored_files(settings) == []


def test_contents_line_without_a_page_is_reported(db, tmp_path):
    contents = [
        [
            "Indholdsfortegnelse - Bilag",
            "2.1 Sag nummer 1 om regionalpolitiske forhold\t2",
            "Bilag 1: Notat uden sidetal",
            "Bilag 2: Tabel.....\t3",
        ],
        ["2.1", "Notat"],
        ["2.1", "Tabel"],
    ]
    agenda = tmp_path / "dagsorden.pdf"
    agenda.write_bytes(seed_agenda())
    bundle = tmp_path / "bilag.pdf"
    bundle.write_bytes(text_pdf(contents))
    with pytest.raises(CommandError) as refused:
        call_command("import_package", str(agenda), str(bundle), "--body", BodyFactory().slug)
    assert "Bilag 1 til punkt 2.1 har intet sidetal i indholdsfortegnelsen." in str(refused.value)
    assert Meeting.objects.count() == 0


def test_import_command_creates_the_meeting(db, tmp_path, rendered_meeting, capsys):
    _version, documents = _rendered(rendered_meeting)
    agenda = tmp_path / "dagsorden.pdf"
    agenda.write_bytes(documents[("dagsorden", "medlemmer")])
    bundle = tmp_path / "bilag.pdf"
    bundle.write_bytes(documents[("bilag", "medlemmer")])
    call_command(
        "import_package",
        str(agenda),
        str(bundle),
        "--body",
        rendered_meeting.body.slug,
        "--date",
        "2018-11-23",
    )
    assert "5 bilag" in capsys.readouterr().out
    assert Meeting.objects.filter(start__date=datetime.date(2018, 11, 23)).count() == 1


def test_import_round_trip_brings_item_texts_and_decisions_from_the_minutes(rendered_meeting):
    _version, documents = _rendered(rendered_meeting, minutes=True)
    imported = package_import(
        body=rendered_meeting.body,
        agenda=SourcePdf("dagsorden.pdf", documents[("dagsorden", "medlemmer")]),
        bundle=SourcePdf("bilag.pdf", documents[("bilag", "medlemmer")]),
        minutes=SourcePdf("referat.pdf", documents[("referat", "medlemmer")]),
        date=datetime.date(2019, 3, 8),
        closed_annexes=frozenset({("2.1", 2)}),
    )
    budget = imported.meeting.sections.get(position=2).items.get(position=1)
    assert budget.background == "<p>Baggrundstekst</p>"
    assert budget.recommendation == "<p>Det indstilles, at KKR Nordjylland godkender sagen.</p>"
    assert budget.presentation == (
        "<p>Regnskabet viser et overskud.</p><ul><li>Sundhedssekretariatet</li>"
        "<li>Rammeaftalesekretariatet</li></ul><p>Budgettet er uændret.</p>"
    )
    assert budget.decision == "<p>Godkendt som indstillet.</p>"
    version = PackageVersion.objects.get(meeting=imported.meeting)
    assert version.includes_decisions
    assert {d.kind for d in version.documents.all()} == {"dagsorden", "bilag", "referat"}
