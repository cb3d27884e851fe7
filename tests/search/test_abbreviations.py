"""A search for an abbreviation finds the texts that write out what it stands for, and the other
way round: from the definitions the public texts make ("Business Region North Denmark (BRN)")
and the secretariat's own list, and never from what a closed text defines."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from meetings import services as meeting_services
from search import abbreviations, selectors, services
from search.abbreviations import Definition, definitions_in
from search.models import Abbreviation
from tests.search.corpus import SEEDS, published_meeting_of, result_titles, search_page

ROLES = ["anonymous", "municipality", "council_member", "secretariat"]


@pytest.mark.parametrize(
    ("text", "defined"),
    [
        ("i tæt samspil med Business Region North Denmark (BRN) og de 11 kommuner",
         ("BRN", "Business Region North Denmark")),
        ("Det fastsættes af Styrelsen for Patientsikkerhed (STPS) i 2024.",
         ("STPS", "Styrelsen for Patientsikkerhed")),
        ("Erhvervshusene opnår en Net Promotor Score (NPS) på mindst 75",
         ("NPS", "Net Promotor Score")),
        ("Samarbejde med RAR (Regionale Arbejdsmarkedsråd) / Arbejdsmarkedskontor Midt-Nord",
         ("RAR", "Regionale Arbejdsmarkedsråd")),
        ("KKR (kommunekontaktråd) mødes.", ("KKR", "kommunekontaktråd")),
        # The name starts where its sentence does at the earliest.
        ("Det aftales. Kommunernes Landsforening (KL) deltager.", ("KL", "Kommunernes Landsforening")),
    ],
)  # fmt: skip
def test_a_text_s_definitions_are_found(text, defined):
    assert definitions_in(text) == [Definition(*defined)]


@pytest.mark.parametrize(
    "text",
    [
        "i henhold til Europa-Parlamentets og Rådets forordning (EU) nr. 1303/2013",
        "- DI (inkl. Dansk Byggeri, der i dag er en del af DI)",
        "Se bilag 3 (PDF) på side 4",
        "Social- og sundhedsassistent (SOSU-assistent)",
        "Budget 2024 (kr.) og regnskab (2023)",
        "BILAG (Bilag 3)",
    ],
)
def test_what_is_not_a_definition_is_not_taken_for_one(text):
    assert definitions_in(text) == []


def test_the_real_packages_definitions():
    """In the real KKR texts: every definition found is one, and the well-known ones are found."""
    found = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        found.update(definitions_in(seed.read_text()))
    shorts = {definition.short: definition.long for definition in found}
    assert shorts["BRN"] == "Business Region North Denmark"
    assert shorts["STPS"] == "Styrelsen for Patientsikkerhed"
    assert shorts["UCN"] == "University College Nordjylland"
    assert shorts["PLO"] == "Praktiserende Lægers Organisation"
    assert "EU" not in shorts and "DI" not in shorts
    for definition in found:
        initials = "".join(word[0] for word in definition.long.split()).upper()
        assert definition.short[0] == initials[0], definition


@pytest.fixture
def defined(db):
    """One item defines BRN, another writes only the abbreviation, a third only the name; a
    closed item defines an abbreviation a public item uses."""
    return published_meeting_of(
        ("Erhvervsfremme", "Indsatsen sker i tæt samspil med Business Region North Denmark (BRN)."),
        ("Infrastruktur", "BRN har drøftet togforbindelserne til Aalborg Lufthavn."),
        ("Turisme", "Business Region North Denmark samler turismeindsatsen."),
        ("Personalesag", "Sagen om Fortroligt Projekt Nordlys (FPN) drøftes."),
        ("Status", "FPN er omtalt i pressen."),
        ("Ny plan", "Planen for Nordlys drøftes."),
        closed=(4,),
    )


def _told(html):
    told = re.search(r"Søgt på både forkortelse og betydning: (.*?) · <a", html)
    return re.sub("<[^>]+>", "", told.group(1)) if told else None


@pytest.mark.parametrize("role", ROLES)
def test_an_abbreviation_finds_its_name_and_the_name_the_abbreviation(defined, client_for, role):
    client = client_for(role)
    html = search_page(client, "BRN")
    assert "3 resultater" in html
    assert sorted(result_titles(html)) == ["1.1 Erhvervsfremme", "1.2 Infrastruktur", "1.3 Turisme"]
    assert _told(html) == "BRN (Business Region North Denmark)"
    html = search_page(client, "Business Region North Denmark")
    assert sorted(result_titles(html)) == ["1.1 Erhvervsfremme", "1.2 Infrastruktur", "1.3 Turisme"]
    assert _told(html) == "BRN (Business Region North Denmark)"
    # As a phrase too, and after a minus both go.
    assert "3 resultater" in search_page(client, '"Business Region North Denmark"')
    assert "1 resultat" in search_page(client, "turismeindsatsen")
    assert "0 resultater" in search_page(client, "turismeindsatsen -BRN")


def test_the_name_is_marked_where_the_abbreviation_is_searched(defined, client_for):
    """The snippet shows where the text writes the name, however far into it."""
    published_meeting_of(("Rapport", "Indledning. " + "Lang tekst om andet. " * 300
                          + "Til sidst om Business Region North Denmark og trafikken."))  # fmt: skip
    html = search_page(client_for("municipality"), "BRN trafikken")
    assert "1 resultat" in html
    assert (
        "<mark>Business</mark> <mark>Region</mark> <mark>North</mark> <mark>Denmark</mark>" in html
    )


@pytest.mark.parametrize("role", ROLES)
def test_what_a_closed_text_defines_is_never_used(defined, client_for, role):
    html = search_page(client_for(role), "Fortroligt Projekt Nordlys")
    # Members find the closed item itself; no one finds the public item that writes "FPN".
    assert "1.5 Status" not in result_titles(html) and _told(html) is None
    if role in ("anonymous", "municipality"):
        assert "0 resultater" in html and "FPN" not in html
    html = search_page(client_for(role), "FPN")
    assert "1.6 Ny plan" not in result_titles(html) and "Nordlys" not in (_told(html) or "")
    assert not Abbreviation.objects.filter(short="FPN").exists()


def test_a_text_s_definitions_go_with_it(defined, client_for):
    assert Abbreviation.objects.filter(short="BRN").count() == 1
    defined.delete()
    assert not Abbreviation.objects.exists()
    published_meeting_of(("Turisme", "Business Region North Denmark samler turismeindsatsen."))
    html = search_page(client_for("anonymous"), "BRN")
    assert "0 resultater" in html and _told(html) is None


def test_a_withdrawn_version_s_definitions_serve_no_one(defined, client_for, users):
    version = defined.versions.get()
    meeting_services.version_withdraw(version=version, user=users["secretariat"], reason="Fejl")
    services.meeting_index(meeting_id=defined.pk)
    assert not Abbreviation.objects.exists()
    assert _told(search_page(client_for("council_member"), "BRN")) is None


def test_the_secretariat_s_own_abbreviations(defined, client_for):
    published_meeting_of(("Økonomiaftalen", "Kommunernes Landsforening har indgået aftalen."))
    admin = client_for("secretariat")
    response = admin.post(
        reverse("admin:search_abbreviation_add"),
        {"short": "KL", "long": "Kommunernes Landsforening"},
    )
    assert response.status_code == 302
    kl = Abbreviation.objects.get(short="KL")
    assert (kl.short_query, kl.long_query) == ("'kl'", "'kommun' <-> 'landsforening'")
    html = search_page(client_for("anonymous"), "KL")
    assert (
        result_titles(html) == ["1.1 Økonomiaftalen"]
        and _told(html) == "KL (Kommunernes Landsforening)"
    )
    # A definition a text makes is shown, not changed: it goes with its text.
    learned = Abbreviation.objects.get(short="BRN")
    change = reverse("admin:search_abbreviation_change", args=[learned.pk])
    admin.post(change, {"short": "BRN", "long": "Noget andet"})
    learned.refresh_from_db()
    assert learned.long == "Business Region North Denmark"
    listing = admin.get(reverse("admin:search_abbreviation_changelist")).content.decode()
    assert "1.1 Erhvervsfremme" in listing and "sekretariatet" in listing


def test_markup_in_a_definition_stays_text(defined, client_for):
    Abbreviation.objects.create(short="SKS", long="Sekretariatets <b>Kontrol</b> Styring")
    abbreviations.read(Abbreviation.objects.filter(short="SKS"))
    published_meeting_of(("Kontrol", "Sekretariatets Kontrol Styring følger op."))
    html = search_page(client_for("anonymous"), "SKS")
    assert "<b>Kontrol</b>" not in html and "&lt;b&gt;Kontrol&lt;/b&gt;" in html


def test_the_definitions_used_are_the_same_for_every_reader(defined):
    assert selectors.definitions_used("BRN") == (
        Definition("BRN", "Business Region North Denmark"),
    )
    assert selectors.definitions_used("FPN") == ()
    assert selectors.definitions_used("") == ()


def test_only_the_whole_name_is_marked(db, client_for):
    """ts_headline marks each word of a name wherever it stands: a word of the name alone is
    not a hit, unless the reader searched for it."""
    Abbreviation.objects.create(short="KL", long="Kommunernes Landsforening")
    abbreviations.read(Abbreviation.objects.all())
    published_meeting_of(
        ("Kommunerne og KL", "Alle kommuner drøfter udspillet med Kommunernes Landsforening.")
    )
    client = client_for("municipality")
    html = search_page(client, "KL")
    assert "<mark>Kommunernes</mark> <mark>Landsforening</mark>" in html
    assert "<mark>kommuner</mark>" not in html and "<mark>Kommunerne</mark>" not in html
    assert "<span>1.1 Kommunerne og <mark>KL</mark></span>" in html
    html = search_page(client, "KL kommuner")
    assert "Alle <mark>kommuner</mark>" in html


def test_an_abbreviation_the_search_cannot_read_is_refused_in_danish(db, client_for):
    admin = client_for("secretariat")
    add = reverse("admin:search_abbreviation_add")
    html = admin.post(add, {"short": "OG", "long": "Ordning for Grænser"}).content.decode()
    assert "Forkortelsen skal være ét ord, som søgningen kan læse" in html
    html = admin.post(add, {"short": "K L", "long": "Kommunernes Landsforening"}).content.decode()
    assert "Forkortelsen skal være ét ord" in html
    html = admin.post(add, {"short": "OAT", "long": "og at"}).content.decode()
    assert "Søgningen kan ikke læse betydningen" in html
    assert not Abbreviation.objects.exists()


def test_the_migration_learns_from_the_index_it_finds(defined):
    """An index built before abbreviations were learned gets its public texts' definitions."""
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    Abbreviation.objects.all().delete()
    migration = import_module("search.migrations.0013_learn_abbreviations")
    with connection.schema_editor() as editor:
        migration.learn_from_public_texts(apps, editor)
    learned = Abbreviation.objects.get()
    assert (learned.short, learned.long) == ("BRN", "Business Region North Denmark")
    assert learned.long_query == "'busines' <-> 'region' <-> 'north' <-> 'denmark'"
    assert learned.entry.audience == "public"
    assert _told(search_page(Client(), "BRN")) == "BRN (Business Region North Denmark)"


@pytest.mark.parametrize("role", ROLES)
def test_the_glossary(defined, client_for, role):
    """Every reader sees the same glossary: the abbreviations the search uses, in Danish order,
    each a search; what a closed text defines is not among them."""
    for short, long in (
        ("ØK", "Økonomiudvalget"),
        ("KL", "Kommunernes Landsforening"),
        ("AAU", "Aalborg Universitet"),
        ("BRN", "Business Region North Denmark"),
    ):
        Abbreviation.objects.create(short=short, long=long)  # fmt: skip
    abbreviations.read(Abbreviation.objects.filter(entry=None))
    html = client_for(role).get(reverse("search:abbreviations")).content.decode()
    listed = re.findall(r'<dt><a href="/soeg/\?q=([^"]+)"[^>]*>([^<]+)</a></dt>', html)
    assert [shown for _q, shown in listed] == ["BRN", "KL", "ØK", "AAU"]
    assert [unquote(q) for q, _shown in listed] == ["BRN", "KL", "ØK", "AAU"]
    # The secretariat's and the text's spelling of one name are one.
    assert html.count("<dd>Business Region North Denmark</dd>") == 1
    assert "FPN" not in html and "Fortroligt" not in html


def test_the_secretariat_rejects_a_wrong_definition(defined, client_for):
    """A text's definition the secretariat rejects is used no more, nor listed, and stays
    rejected when the text is indexed again."""
    learned = Abbreviation.objects.get(short="BRN")
    admin = client_for("secretariat")
    response = admin.post(
        reverse("admin:search_abbreviation_changelist"),
        {"action": "reject", "_selected_action": [learned.pk]},
        follow=True,
    )
    assert "1 forkortelse bruges ikke længere i søgningen." in response.content.decode()
    services.rebuild_all()
    reader = client_for("municipality")
    html = search_page(reader, "BRN")
    # The items that write "BRN" only; not the one that writes only the name.
    assert sorted(result_titles(html)) == ["1.1 Erhvervsfremme", "1.2 Infrastruktur"]
    assert _told(html) is None
    assert "Business Region" not in reader.get(reverse("search:abbreviations")).content.decode()
    # Taken back, it serves again.
    Abbreviation.objects.filter(rejected=True).delete()
    assert len(result_titles(search_page(reader, "BRN"))) == 3
