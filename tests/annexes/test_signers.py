"""Who signed an annex, and whether each signature still holds: read from the certificates when
the file is uploaded, shown to those who may see the annex, and what the secretariat should do
about a signature that no longer fits its file. Real signed files from pyHanko's test suite
(tests/annexes/corpus), and contracts signed in the test with pyHanko (tests/pdfs.py)."""

import datetime
import subprocess
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from meetings import services, visibility
from meetings.models import Annex
from meetings.package import Package, Signer
from meetings.publishing import signers
from meetings.visibility import Audience
from tests.annexes.helpers import CORPUS, bundle_of, meeting_with, page_text
from tests.pdfs import make_pdf, with_signature

ONE = "pyhanko-pdf-sig-with-econtent.pdf"
TWO = "pyhanko-minimal-two-fields-signed-twice.pdf"
REPAIRED = "pyhanko-coverage-anomalies-base.pdf"
SIGNED_ON = datetime.datetime(2026, 3, 12, 10, 15, tzinfo=ZoneInfo("Europe/Copenhagen"))
BOTH = (
    "Underskrevet digitalt af Lone Underskriver (KKR Nordjylland) 12. marts 2026 og "
    "Mikael Klitgaard (Brønderslev Kommune) 12. marts 2026."
)


def _contract(first="Lone Underskriver", organisation="KKR Nordjylland // CVR:29189501") -> bytes:
    """A result contract signed by the council's secretariat, then by a mayor."""
    with time_machine.travel(SIGNED_ON, tick=False):
        data = with_signature(make_pdf(2, "Resultatkontrakt"), first, organisation)
        return with_signature(
            data, "Mikael Klitgaard", "Brønderslev Kommune // CVR:29189501", field="Underskrift2"
        )


def _tampered(data: bytes) -> bytes:
    """The file with a word of its page changed in place, as if edited after it was signed."""
    assert data.count(b"(Hello World)") == 1
    return data.replace(b"(Hello World)", b"(Hello Wxrld)")


def _pdfsig(path) -> list[str]:
    said = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    lines = (said.stdout + said.stderr).splitlines()
    return [line.split(":", 1)[1].strip() for line in lines if "Signature Validation:" in line]


def _read(path, **options) -> list[dict]:
    """signers.read as the upload check runs it, where no event loop runs (pyHanko validates
    under asyncio.run): in a thread of its own, as a browser test may have left a loop here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(signers.read, str(path), **options).result()


def _page(client, meeting) -> str:
    return " ".join(client.get(meeting.get_absolute_url()).content.decode().split())


@pytest.fixture
def signed(db):
    files = {
        "kontrakt.pdf": _contract(),
        "tampered.pdf": _tampered((CORPUS / TWO).read_bytes()),
        REPAIRED: (CORPUS / REPAIRED).read_bytes(),
    }
    meeting, annexes = meeting_with(files, per_item=len(files))
    services.meeting_publish(meeting=meeting)
    return meeting, dict(zip(files, annexes, strict=True)), files


def test_the_signers_are_read_from_the_certificates(tmp_path):
    contract = tmp_path / "kontrakt.pdf"
    contract.write_bytes(_contract())
    # The premise: a reader's program finds both signatures valid.
    assert _pdfsig(contract) == ["Signature is Valid."] * 2
    assert _read(contract) == [
        # In signing order; the CVR number and the certificate's identifier are not names.
        {"name": "Lone Underskriver", "organisation": "KKR Nordjylland", "date": "2026-03-12",
         "holds": True},
        {"name": "Mikael Klitgaard", "organisation": "Brønderslev Kommune", "date": "2026-03-12",
         "holds": True},
    ]  # fmt: skip
    testerino = {"name": "Lord Testerino", "organisation": "Test", "date": "2021-01-04"}
    assert _read(CORPUS / TWO) == [testerino | {"holds": True}] * 2
    # A signature pyHanko finds malformed (its signed data carries the content) names its
    # signer; whether it holds is not known. One whose data cannot be read names no one.
    alice = {"name": "Alice", "organisation": "Example Inc", "date": "2023-11-21", "holds": None}
    assert _read(CORPUS / ONE) == [alice]
    assert _read(CORPUS / REPAIRED) == []
    # What is not checked in time is not known to hold; the names are still read.
    assert [signer["holds"] for signer in _read(contract, seconds=0)] == [None, None]


def test_a_signature_that_no_longer_fits_its_file_is_said_to(signed, client_for, tmp_path):
    meeting, annexes, files = signed
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(files["tampered.pdf"])
    assert _pdfsig(tampered) == ["Digest Mismatch."] * 2  # the premise, as poppler sees it
    assert [signer.holds for signer in annexes["tampered.pdf"].signer_facts] == [False, False]
    assert [signer.holds for signer in annexes["kontrakt.pdf"].signer_facts] == [True, True]
    page = _page(client_for("anonymous"), meeting)
    assert page.count("Lord Testerino (Test) 4. januar 2021 – underskriften passer ikke til") == 2
    assert page.count("underskriften passer ikke til filen") == 2  # the contract's signatures hold
    admin = client_for("secretariat").get(
        reverse("admin:meetings_agendaitem_change", args=[annexes["tampered.pdf"].item.pk])
    )
    text = " ".join(admin.content.decode().split())
    assert text.count("En underskrift passer ikke til filen") == 1
    assert "Bed afsenderen om filen, som den blev underskrevet." in text
    assert f"{BOTH[:-1]}: læserne kan også hente originalen" in text


def test_the_meeting_page_names_who_signed_and_when(signed, client_for):
    meeting, _annexes, _files = signed
    client = client_for("anonymous")
    page = _page(client, meeting)
    assert BOTH in page
    assert "CVR" not in page and "UI:DK" not in page
    # A signature whose signer cannot be read is counted, not named.
    assert page.count("Underskrevet digitalt. Originalen med underskrifterne fås hos") == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page(client, meeting)
    assert (
        "Digitally signed by Lone Underskriver (KKR Nordjylland) 12 March 2026 and "
        "Mikael Klitgaard (Brønderslev Kommune) 12 March 2026." in english
    )
    assert english.count("the signature does not fit the file") == 2


def test_a_name_in_a_certificate_is_text_on_the_page(db, client_for):
    hostile = _contract(first='<img src=x onerror="alert(1)">', organisation="<b>KKR</b>")
    meeting, _annexes = meeting_with({"kontrakt.pdf": hostile})
    services.meeting_publish(meeting=meeting)
    page = _page(client_for("anonymous"), meeting)
    assert "<img src=x" not in page and "<b>KKR" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; (&lt;b&gt;KKR&lt;/b&gt;)" in page


def test_a_closed_annex_names_its_signers_to_members_only(db, client_for):
    meeting, (closed,) = meeting_with({"kontrakt.pdf": _contract()}, closed={"kontrakt.pdf"})
    version = services.meeting_publish(meeting=meeting)
    assert "Mikael Klitgaard" not in _page(client_for("anonymous"), meeting)
    assert "Mikael Klitgaard" not in _page(client_for("municipality"), meeting)
    assert BOTH in _page(client_for("council_member"), meeting)
    found = {}
    for audience in (Audience.PUBLIC, Audience.MEMBERS):
        package = visibility.typed_package_for(version, audience=audience)
        _item, annex = package.find_annex(str(closed.uid))
        found[audience] = [signer.name for signer in annex.signers]
    assert found == {
        Audience.PUBLIC: [],
        Audience.MEMBERS: ["Lone Underskriver", "Mikael Klitgaard"],
    }


def test_the_bundle_names_who_signed(db, tmp_path):
    bundle = bundle_of({"kontrakt.pdf": _contract()}, tmp_path)
    divider = page_text(bundle["path"], bundle["first"]["kontrakt.pdf"] - 1)
    assert f"{BOTH} Her ses underskrifternes billede" in divider


def test_the_frozen_package_keeps_each_signer(signed):
    meeting, annexes, _files = signed
    package = Package.from_json(meeting.versions.get().snapshot)
    _item, annex = package.find_annex(str(annexes["kontrakt.pdf"].uid))
    assert annex.signers == (
        Signer("Lone Underskriver", "KKR Nordjylland", datetime.date(2026, 3, 12), True),
        Signer("Mikael Klitgaard", "Brønderslev Kommune", datetime.date(2026, 3, 12), True),
    )
    assert Package.from_json(package.to_json()) == package


def test_the_command_reads_the_signers_of_annexes_stored_before(db):
    _meeting, (annex,) = meeting_with({"kontrakt.pdf": _contract()})
    Annex.objects.filter(pk=annex.pk).update(signers=[])  # as stored before
    call_command("annex_signatures", stdout=StringIO())
    annex.refresh_from_db()
    assert [signer.name for signer in annex.signer_facts] == [
        "Lone Underskriver",
        "Mikael Klitgaard",
    ]


def test_the_leak_scans_marker_for_a_closed_annexs_signer_reaches_members(package, client_for):
    """The permission and leak tests forbid the closed annex's signer's name to all but members
    (tests/test_permissions.py CLOSED_MARKERS): members do get it, so the scan can see a leak."""
    page = _page(client_for("council_member"), package["meeting"])
    assert "Underskrevet digitalt af Søren Lukketunderskriver (KKR Nordjylland)" in page
