"""A digitally signed annex: the reader's copy is a new file that no signature covers, so readers
who may see the annex may also fetch the file as it was sent, signatures and all, where it harms
no reader as it is. Real signed files from pyHanko's test suite (tests/annexes/corpus)."""

import hashlib
import io
import subprocess

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services, visibility
from meetings.package import Package
from meetings.publishing import signatures
from meetings.visibility import Audience
from search.extraction import pdf_text
from tests.annexes.helpers import CORPUS, bundle_of, meeting_with, page_text
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.pdfs import encrypt, make_pdf, with_signature, with_update

ONE = "pyhanko-pdf-sig-with-econtent.pdf"
TWO = "pyhanko-minimal-two-fields-signed-twice.pdf"
# Signed, but its cross-reference table is off: it is stored repaired, which no signature covers
# (readers are told it was signed, and that the secretariat has the original).
REPAIRED = "pyhanko-coverage-anomalies-base.pdf"
# Encrypted with an empty user password and signed, as some signing services send a contract:
# stored decrypted for every later reader, and kept as sent beside it for its signatures.
ENCRYPTED = "krypteret.pdf"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _signature_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return signatures.signature_count(pdf)


def _with_opening_script(data: bytes) -> bytes:
    """The signed file with a script that runs as it opens, added as an incremental update (the
    signatures still hold: pdfsig calls them valid)."""
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    return with_update(data, OpenAction=script)


def _rewritten(data: bytes) -> bytes:
    """The signed file saved anew by a program (as an optimiser does): the signatures are still
    in it, but no longer frame their bytes, and no PDF program can check them."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out)
    return out.getvalue()


def _edited_after_signing() -> bytes:
    """A signed contract whose page was changed by an update saved on top of it, taking out a
    CPR number: the file still holds the page as it was signed, CPR number and all."""
    signed = with_signature(make_pdf(1, "Kontrakt med Jens Hansen, CPR 070761-4285"))
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        contents = pdf.pages[0].obj.Contents.objgen
    page = b"BT /F1 14 Tf 72 720 Td (Kontrakt med Jens Hansen) Tj ET"
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page)
    return with_update(signed, objects={contents: stream})


def _decoded(data: bytes) -> bytes:
    """Every stream of a file, decoded, and its objects: all it holds."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        parts = [bytes(obj.unparse()) for obj in pdf.objects if not isinstance(obj, pikepdf.Stream)]
        parts += [obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
    return b"\n".join(parts)


def _pdfsig(data: bytes, tmp_path) -> list[str]:
    """What poppler's pdfsig says of each signature's validation."""
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    said = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    lines = (said.stdout + said.stderr).splitlines()
    return [line.split(":", 1)[1].strip() for line in lines if "Signature Validation:" in line]


@pytest.fixture
def signed_meeting(db):
    files = {name: (CORPUS / name).read_bytes() for name in (ONE, TWO, REPAIRED)}
    files["scripted.pdf"] = _with_opening_script(files[ONE])
    files["rewritten.pdf"] = _rewritten(files[ONE])
    files["edited.pdf"] = _edited_after_signing()
    files[ENCRYPTED] = with_signature(encrypt(make_pdf(2, "KRYPTERET KONTRAKT"), user_password=""))
    meeting, annexes = meeting_with(files, per_item=len(files))
    services.meeting_publish(meeting=meeting)
    return meeting, dict(zip(files, annexes, strict=True)), files


def test_signatures_are_counted_where_the_file_is_kept_as_sent(signed_meeting):
    _meeting, annexes, _files = signed_meeting
    found = {
        name: (a.signatures, a.signed_original, a.signed_original_withheld)
        for name, a in annexes.items()
    }
    assert found == {
        ONE: (1, True, ""),
        TWO: (2, True, ""),
        # Repaired on upload: the stored file is not the signed one.
        REPAIRED: (1, False, "stored_anew"),
        # Signed, but a script runs as it opens: readers get the reader's copy only.
        "scripted.pdf": (1, False, "active"),
        # Saved anew after signing: nothing a reader could check.
        "rewritten.pdf": (0, False, ""),
        # Its page as signed (with a CPR number) is still in the file: the copy only.
        "edited.pdf": (1, False, "earlier"),
        ENCRYPTED: (1, True, ""),
    }


def test_a_page_taken_out_after_signing_is_in_the_original_but_not_in_what_readers_get(
    signed_meeting, client
):
    meeting, annexes, files = signed_meeting
    annex = annexes["edited.pdf"]
    # The file up to its first %%EOF is the page as signed: there for anyone to read.
    as_signed = files["edited.pdf"][: files["edited.pdf"].index(b"%%EOF") + 5]
    assert "070761-4285" in pdf_text(as_signed)[0]
    assert "070761-4285" not in pdf_text(files["edited.pdf"])[0]
    copy = _body(client.get(reverse("meetings:annex_download", args=[meeting.pk, annex.uid])))
    assert pdf_text(copy)[0] == "Kontrakt med Jens Hansen"
    assert b"070761-4285" not in _decoded(copy)
    original = reverse("meetings:annex_signed_original", args=[meeting.pk, annex.uid])
    assert client.get(original).status_code == 404


def test_readers_fetch_the_signed_original_byte_for_byte(signed_meeting, client, tmp_path):
    meeting, annexes, files = signed_meeting
    for name in (ONE, TWO, ENCRYPTED):
        annex = annexes[name]
        response = client.get(
            reverse("meetings:annex_signed_original", args=[meeting.pk, annex.uid])
        )
        assert response.status_code == 200
        body = _body(response)
        assert hashlib.sha256(body).hexdigest() == hashlib.sha256(files[name]).hexdigest()
        assert response["Content-Disposition"].startswith("attachment;")
        assert "underskrevet%20original" in response["Content-Disposition"]
        # The reader's copy is the one a signature does not survive.
        copy = _body(client.get(reverse("meetings:annex_download", args=[meeting.pk, annex.uid])))
        assert _signature_count(body) == annex.signatures
        assert _signature_count(copy) == 0
        # What a reader's PDF program makes of them (poppler; the test certificates have expired,
        # which is the certificate's validation, not the signature's).
        assert _pdfsig(body, tmp_path) == ["Signature is Valid."] * annex.signatures
        assert _pdfsig(copy, tmp_path) == []


def test_an_encrypted_signed_file_is_stored_decrypted_and_kept_as_sent(
    signed_meeting, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    meeting, annexes, files = signed_meeting
    annex = annexes[ENCRYPTED]
    # Every later reader (text, bundle, search, packs) reads the decrypted file...
    assert annex.stored_decrypted
    stored = default_storage.open(annex.file.name).read()
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert not pdf.is_encrypted
    assert "KRYPTERET KONTRAKT side 1" in pdf_text(stored)[0]
    # ...and the upload, as sent, is kept beside it for its signature.
    assert default_storage.open(annex.sent.name).read() == files[ENCRYPTED]
    # So is a repaired one, for the secretariat (readers get the copy only, as the page says).
    repaired = annexes[REPAIRED]
    assert default_storage.open(repaired.sent.name).read() == files[REPAIRED]
    assert repaired.signed_original_withheld == "stored_anew"
    secretariat = client_for("secretariat")
    for name in (ENCRYPTED, REPAIRED):
        link = reverse("admin:meetings_annex_file", args=[annexes[name].pk])
        assert _body(secretariat.get(link)) == files[name]
    assert client_for("council_member").get(link).status_code == 302  # the admin's login
    # Deleting the meeting lets go of both.
    names = (annex.file.name, annex.sent.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.meetings_delete(meetings=[meeting])
    assert [default_storage.exists(name) for name in names] == [False, False]


def test_the_meeting_page_offers_the_original_only_where_it_may_be_had(signed_meeting, client):
    meeting, annexes, _files = signed_meeting
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()

    def url(name):
        uid = annexes[name].uid
        return reverse("meetings:annex_signed_original", args=[meeting.pk, uid])

    assert url(ONE) in page and url(TWO) in page and url(ENCRYPTED) in page
    assert url("scripted.pdf") not in page and url(REPAIRED) not in page
    assert url("rewritten.pdf") not in page
    assert page.count("Hent originalen, hvor underskrifterne kan kontrolleres") == 3
    assert page.count("Originalen med underskrifterne fås hos sekretariatet.") == 3
    scripted = client.get(url("scripted.pdf"))
    assert scripted.status_code == 404


def test_the_bundle_tells_where_the_signatures_are(db, tmp_path):
    files = {name: (CORPUS / name).read_bytes() for name in (ONE, "pikepdf-fourpages.pdf")}
    files["scripted.pdf"] = _with_opening_script(files[ONE])
    bundle = bundle_of(files, tmp_path)

    def divider(name):
        return page_text(bundle["path"], bundle["first"][name] - 1)

    assert "kan hentes ved bilaget på mødets side på portalen" in divider(ONE)
    assert "originalen med underskrifterne fås hos sekretariatet" in divider("scripted.pdf")
    assert "underskrevet" not in divider("pikepdf-fourpages.pdf")


def test_a_closed_signed_annex_says_nothing_of_its_signatures_to_the_public(db, client_for):
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Kontrakt")
    closed = annex_add(item, title="Fortrolig kontrakt", closed=True, signed=True)
    services.meeting_publish(meeting=meeting)
    detail = reverse("meetings:meeting_detail", args=[meeting.pk])
    original = reverse("meetings:annex_signed_original", args=[meeting.pk, closed.uid])
    public = client_for("anonymous").get(detail).content.decode()
    members = client_for("council_member").get(detail).content.decode()
    assert "Underskrevet digitalt" not in public and original not in public
    assert "Underskrevet digitalt" in members and original in members
    assert client_for("municipality").get(original).status_code == 403
    assert client_for("council_member").get(original).status_code == 200


def test_the_public_package_holds_no_signature_facts_of_a_closed_annex(db):
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Kontrakt")
    closed = annex_add(item, title="Fortrolig kontrakt", closed=True, signed=True)
    version = services.meeting_publish(meeting=meeting)
    found = {}
    for audience in (Audience.PUBLIC, Audience.MEMBERS):
        package = visibility.typed_package_for(version, audience=audience)
        _item, annex = package.find_annex(str(closed.uid))
        found[audience] = (annex.signatures, annex.signed_original)
    assert found == {Audience.PUBLIC: (0, False), Audience.MEMBERS: (1, True)}


def test_a_version_frozen_before_signatures_were_counted_reads_as_unsigned(signed_meeting):
    meeting, annexes, _files = signed_meeting
    snapshot = meeting.versions.get().snapshot
    for section in snapshot["sections"]:
        for item in section["items"]:
            for annex in item["annexes"]:
                del annex["signatures"], annex["signed_original"], annex["signers"]
    package = Package.from_json(snapshot)
    _item, annex = package.find_annex(str(annexes[ONE].uid))
    assert (annex.signatures, annex.signed_original, annex.signers) == (0, False, ())


def test_the_secretariat_sees_which_annexes_are_signed(signed_meeting, client_for):
    _meeting, annexes, _files = signed_meeting
    item = annexes[ONE].item
    page = client_for("secretariat").get(
        reverse("admin:meetings_agendaitem_change", args=[item.pk])
    )
    text = page.content.decode()
    assert text.count(": læserne kan også hente originalen med underskrifterne") == 3
    assert text.count(", men filen har scripts") == 1
    assert text.count(", men filen gemmer en tidligere udgave af sider") == 1
    assert text.count("Underskrevet digitalt, men filen måtte repareres, og underskrifterne") == 1


def test_a_new_upload_replacing_a_signed_file_is_judged_anew(db):
    item = ItemFactory(section=SectionFactory(meeting=MeetingFactory()))
    sent = with_signature(encrypt(make_pdf(2, "Kontrakt"), user_password=""))
    annex = services.annex_create(item=item, uploaded=SimpleUploadedFile("k.pdf", sent))
    assert (annex.signatures, annex.signed_original, bool(annex.sent)) == (1, True, True)
    unsigned = SimpleUploadedFile("ny.pdf", (CORPUS / "pikepdf-fourpages.pdf").read_bytes())
    stored = services.annex_prepare(annex=annex, uploaded=unsigned)
    assert stored is unsigned
    assert (annex.signatures, annex.signed_original, bool(annex.sent)) == (0, False, False)
    assert annex.signed_file == annex.file.name


def test_annexes_stored_before_signatures_were_counted_are_counted_by_the_command(db):
    from io import StringIO

    from django.core.management import call_command

    from meetings.models import Annex

    item = ItemFactory(section=SectionFactory(meeting=MeetingFactory()))
    signed = annex_add(item, title="Underskrevet", signed=True)
    plain = annex_add(item, title="Uden underskrift")
    Annex.objects.update(signatures=0, signed_original_withheld="", signers=[])  # as stored before
    out = StringIO()
    call_command("annex_signatures", stdout=out)
    found = dict(Annex.objects.values_list("title", "signatures"))
    assert found == {signed.title: 1, plain.title: 0}
    assert Annex.objects.get(pk=signed.pk).signed_original
    assert "2 bilag læst; 1 har underskrifter" in out.getvalue()


def test_a_signed_file_that_opens_at_a_page_is_harmless_one_that_opens_a_web_page_is_not(db):
    item = ItemFactory(section=SectionFactory(meeting=MeetingFactory()))
    signed = (CORPUS / ONE).read_bytes()
    at_page = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([0, pikepdf.Name.Fit]))
    web = pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.com/")
    found = {}
    for name, opening in (("side", at_page), ("view", pikepdf.Array([0, pikepdf.Name.Fit])),
                          ("web", web)):  # fmt: skip
        data = with_update(signed, OpenAction=opening)
        annex = services.annex_create(item=item, uploaded=SimpleUploadedFile(f"{name}.pdf", data))
        found[name] = (annex.signed_original, annex.signed_original_withheld)
    assert found == {"side": (True, ""), "view": (True, ""), "web": (False, "active")}


def test_a_copied_item_keeps_its_signed_annexes_signed(db):
    from meetings import outline

    item = ItemFactory(section=SectionFactory(meeting=MeetingFactory()))
    annex_add(item, title="Kontrakt", signed=True)
    annex_add(item, title="Notat")
    copy = outline.item_copy(item=item, section=SectionFactory(), with_annexes=True)
    copied = copy.annexes.order_by("position")
    assert [(a.title, a.signatures, a.signed_original) for a in copied] == [
        ("Kontrakt", 1, True),
        ("Notat", 0, False),
    ]
    assert set(copied.values_list("uid", flat=True)).isdisjoint(
        item.annexes.values_list("uid", flat=True)
    )


def test_revisions_not_read_through_in_time_count_as_hiding_something(tmp_path):
    path = tmp_path / "to.pdf"
    path.write_bytes(_with_opening_script((CORPUS / ONE).read_bytes()))
    with pikepdf.open(path) as pdf:
        assert signatures.earlier_revisions_hidden(pdf, str(path)) == 0
        assert signatures.earlier_revisions_hidden(pdf, str(path), seconds=-1) == 1
