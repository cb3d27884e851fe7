"""Result contracts: warnings before approval, copy to next year, fulfilment, pages."""

import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from agreements import fulfilment, services
from agreements.checks import contract_warnings
from agreements.models import Contract, Result, Signature, Target
from kkr_portal.transitions import InvalidTransition
from tests.agreements.factories import contract_with_goals
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def codes(contract):
    return sorted({w.code for w in contract_warnings(contract)})


def test_clean_contract_has_no_warnings():
    assert codes(contract_with_goals()) == []


@pytest.mark.parametrize(
    "texts,code",
    [
        ({"goal_text": "<p>Mindst xx pct. er tilfredse.</p>"}, "placeholder"),
        ({"goal_text": "<p>Jf. bilag xx.</p>"}, "placeholder"),
        ({"method": "<p>Opgøres x/x.</p>"}, "placeholder"),
        ({"method": "<p>Målet opgøres ultimo 2022.</p>"}, "old_year"),
        ({"method": "<p>Se også mål 12.</p>"}, "unknown_goal"),
        (
            {"reporting": "<p>Målet er opfyldt, når de 4 indsatser er gennemført.</p>"},
            "activity_count",
        ),
        ({"reporting": "<p>Afrapportering på ovenstående fem aktiviteter.</p>"}, "activity_count"),
    ],
)
def test_each_warning_triggers(texts, code):
    assert code in codes(contract_with_goals(**texts))


@pytest.mark.parametrize(
    "texts",
    [
        {"goal_text": "<p>Mindst 80 pct. (xxl-virksomheder tæller med).</p>"},
        {"method": "<p>Målet opgøres ultimo 2023. I 2021 var niveauet 45 pct.</p>"},
        {"method": "<p>Se også mål 8.</p>"},
        {"reporting": "<p>Målet er opfyldt, når de tre indsatser er gennemført.</p>"},
    ],
)
def test_similar_text_does_not_trigger(texts):
    assert codes(contract_with_goals(**texts)) == []


def test_approval_needs_warnings_accepted_and_follows_the_life_cycle():
    contract = contract_with_goals(status=Contract.Status.DRAFT, method="<p>ultimo 2021</p>")
    with pytest.raises(ValidationError, match="tidligere kontrakt"):
        services.contract_transition(contract=contract, to=Contract.Status.APPROVED)
    services.contract_transition(contract=contract, to="approved", accept_warnings=True)
    with pytest.raises(ValidationError, match="underskrivere"):
        services.contract_transition(contract=contract, to=Contract.Status.SIGNED)
    contract.signatories, contract.signed_date = "Formand", "2023-01-20"
    services.contract_transition(contract=contract, to=Contract.Status.SIGNED)
    with pytest.raises(InvalidTransition):
        services.contract_transition(contract=contract, to=Contract.Status.DRAFT)


def test_copy_to_next_year_carries_structure_and_moves_years_on():
    signed = contract_with_goals(year=2023)
    nps = Target.objects.get(goal__contract=signed)
    services.result_record(target=nps, year=2023, achieved=Decimal("64"))
    draft = services.contract_copy_to_next_year(contract=signed)
    assert (draft.year, draft.status, draft.copied_from) == (2024, "draft", signed)
    assert [g.number for g in draft.goals.all()] == [3, 8]
    copied = Target.objects.get(goal__contract=draft)
    assert [(v.year, v.value) for v in copied.values.all()] == [(2024, Decimal("60"))]
    assert not Result.objects.filter(target__goal__contract=draft).exists()
    assert draft.goals.get(number=8).activities.count() == 3
    assert signed.goals.get(number=8).activities.count() == 3  # the original is untouched


@pytest.mark.parametrize(
    "achieved,expected",
    [("72", ("full", 1)), ("60", ("full", 1)), ("55", ("partial", 0.5)), ("49", ("not_met", 0))],
)
def test_fulfilment(achieved, expected):
    target = Target.objects.get(goal__contract=contract_with_goals())
    result = fulfilment.fulfilment(target, 2023, Decimal(achieved))
    assert (result[0], result[1]) == (expected[0], Decimal(str(expected[1])))


def test_activity_goal_fulfilment_and_derived_sentence():
    contract = contract_with_goals()
    goal = contract.goals.get(number=8)
    assert (
        fulfilment.activity_sentence(goal)
        == "Målet er 100 % opfyldt, når de 3 indsatser er gennemført."
    )
    goal.activities.filter(position__in=[1, 2]).update(completed=True)
    assert fulfilment.goal_fulfilment(goal, 2023) == Decimal(2) / Decimal(3)


def test_comparison_query_count_does_not_grow_with_contracts(client_for):
    client = client_for("anonymous")
    counts = {}
    for year in (2022, 2023, 2024):
        contract_with_goals(year=year)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("agreements:comparison"))
        counts[year - 2021] = len(queries)
    assert counts[1] == counts[3]  # one contract and three
    html = client.get(reverse("agreements:comparison")).content.decode()
    assert html.count('<th scope="col">20') == 3


def test_changed_goal_is_highlighted(client_for):
    contract_with_goals(year=2022)
    newer = contract_with_goals(year=2023)
    goal = newer.goals.get(number=3)
    goal.title = "Kvalitet, kompetencer og tilfredshed"
    goal.save()
    html = client_for("anonymous").get(reverse("agreements:comparison")).content.decode()
    assert html.count("ændret") == 1


@pytest.mark.parametrize("role", ["secretariat", "council_member", "municipality", "anonymous"])
def test_drafts_only_for_the_secretariat(role, client_for):
    contract_with_goals(year=2023)
    contract_with_goals(year=2024, status=Contract.Status.DRAFT, goal_text="<p>UDKASTTEKST</p>")
    client = client_for(role)
    for url in (reverse("agreements:contract_list"), reverse("agreements:comparison")):
        html = client.get(url).content.decode()
        assert ("2024" in html) is (role == "secretariat"), url
    detail = client.get(reverse("agreements:contract_detail", args=[2024]))
    assert (detail.status_code == 200) is (role == "secretariat")


def test_contract_renders_and_lands_in_the_bundle_as_an_annex():
    contract = contract_with_goals()
    item = ItemFactory(title="Resultatkontrakt 2023")
    annex = services.contract_attach_to_item(contract=contract, item=item)
    assert annex.title == "Resultatkontrakt 2023" and annex.page_count >= 2
    with annex.file.open("rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Mål 3 – Kvalitet og tilfredshed" in text
    assert "når de 3 indsatser er gennemført" in text


def test_demo_contract_matches_the_seed():
    from agreements.demo import load_app_demo

    load_app_demo()
    signed = Contract.objects.get(year=2023)
    assert [(g.number, g.kind) for g in signed.goals.all()] == [
        (n, "national") for n in range(1, 8)
    ] + [(n, "local") for n in range(8, 12)]
    assert signed.basic_grant == Decimal("17645000")
    targets = {
        t.indicator: t.values.get().value for t in Target.objects.filter(goal__contract=signed)
    }
    assert targets["Net Promoter Score"] == 70
    assert targets["Unikke vejledte virksomheder"] == 800
    assert (targets["Vækst- og driftsforløb"], targets["Korte forløb og Early Warning"]) == (
        350,
        600,
    )
    # The seed's own slip: a 2023 contract whose goal 9 is reported "ultimo 2022".
    assert [(w.where, w.code) for w in contract_warnings(signed)] == [("mål 9", "old_year")]


def test_a_signature_date_still_a_placeholder_warns_before_approval():
    contract = contract_with_goals(status=Contract.Status.DRAFT)
    signature = Signature.objects.create(
        contract=contract, party="KKR Nordjylland", date_text="d. 25/11 – 2022",
        signatory="Thomas Kastrup-Larsen", role="Formand for KKR Nordjylland",
    )  # fmt: skip
    assert codes(contract) == []
    signature.date_text = "d. xx/xx – 2022"
    signature.save()
    found = [(w.where, w.message) for w in contract_warnings(contract)]
    assert found == [("underskrift for KKR Nordjylland", "pladsholder “xx/xx”")]
    with pytest.raises(ValidationError, match="underskrift for KKR Nordjylland: pladsholder"):
        services.contract_transition(contract=contract, to=Contract.Status.APPROVED)


def test_demo_contract_pdf_reads_like_the_signed_contract(tmp_path):
    """Seed 000: chapters numbered from 1 with the goals in chapter 5, national goals with their
    Afrapportering, local goals with their Begrundelse, and both signature blocks."""
    from agreements.demo import load_app_demo
    from agreements.pdf import contract_pdf

    load_app_demo()
    signed = Contract.objects.get(year=2023)
    path = tmp_path / "kontrakt.pdf"
    path.write_bytes(contract_pdf(signed))
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    text = " ".join(raw.stdout.split())
    headings = [
        "1. Indledning", "2. Om Erhvervshus Nordjylland",
        "3. Visioner og styrende principper i et sammenhængende nordjysk erhvervsfremmesystem",
        "4. Særlige indsatsområder", "5. Oversigt over mål for Erhvervshus Nordjylland i 2023",
        "Nationalt fastsatte mål", "Lokale mål",  # the overview of goals, then each goal
        "Mål 1 – Virksomhedernes kendskab til Erhvervshusene",
        "Mål 7 – Digitalisering og nye teknologier",
        "Mål 8 – Styrket regional strategi og styrket indsats",
        "Mål 11 – Specialiseret vejledning til Erhvervshusenes forskellige målgrupper",
        "6. Økonomi", "7. Resultatopgørelse og afrapportering", "8. Ikrafttrædelse",
        "For KKR Nordjylland d. 25/11 – 2022", "Thomas Kastrup-Larsen Formand for KKR Nordjylland",
        "For Erhvervshus Nordjylland d. 25/11 - 2022",
        "Mogens Christen Gade Formand for Erhvervshus Nordjylland",
    ]  # fmt: skip
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    goals = text[positions[7] : positions[11]]
    sections = re.split(r"Mål \d+ – ", goals)[1:]
    assert len(sections) == 11
    assert all("Afrapportering" in section for section in sections)
    assert ["Begrundelse" in section for section in sections] == [False] * 7 + [True] * 4
    assert "Net Promoter Score" in sections[2] and "70 NPS" in sections[2]
    # The 2024 draft copies the signature blocks with the dates left to fill in, and says so.
    draft = Contract.objects.get(year=2024)
    assert [s.date_text for s in draft.signatures.all()] == ["d. xx/xx – 2023"] * 2
    assert ("underskrift for KKR Nordjylland", "placeholder") in [
        (w.where, w.code) for w in contract_warnings(draft)
    ]
