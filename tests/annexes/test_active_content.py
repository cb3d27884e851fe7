"""Nothing that acts by itself reaches a reader: not in either bundle, not in the single-annex
download; ordinary and internal links stay. The original stays for the secretariat."""

import io

import pikepdf
from django.core.files.storage import default_storage
from django.urls import reverse

from meetings.models import RenderJob
from tests.annexes import hostile
from tests.annexes.helpers import document_bytes, meeting_with, publish_and_render

FORBIDDEN = [b"/JavaScript", b"/JS ", b"/Launch", b"/SubmitForm", b"/ImportData", b"/OpenAction",
             b"/EmbeddedFile", b"/FileAttachment", b"/XFA", b"virus.exe", b"cmd.exe", b"/AA"]  # fmt: skip


def _actions(data: bytes):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        assert "/AcroForm" not in pdf.Root
        names = pdf.Root.get("/Names", {})
        assert "/JavaScript" not in names and "/EmbeddedFiles" not in names
        found = []
        for page in pdf.pages:
            assert "/AA" not in page.obj
            for annot in page.obj.get("/Annots", []):
                assert annot.get("/Subtype") == pikepdf.Name.Link, annot.get("/Subtype")
                assert "/AA" not in annot
                action = annot.get("/A")
                if action is not None:
                    found.append((str(action.S), str(action.get("/URI", ""))))
                elif "/Dest" in annot:
                    found.append(("/GoTo", ""))
        return found


def _assert_harmless(data: bytes):
    decompressed = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(
            decompressed,
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )
    raw = decompressed.getvalue()
    for marker in FORBIDDEN:
        assert marker not in raw, marker
    actions = _actions(data)
    uris = {uri for kind, uri in actions if kind == "/URI"}
    assert uris == {"https://www.kl.dk/", "mailto:kkr@kl.dk"}
    assert ("/GoTo", "") in actions or any(kind == "/GoTo" for kind, _uri in actions)


def test_active_content_reaches_no_reader(db, client_for):
    original = hostile.active_content()
    meeting, (annex,) = meeting_with({"aktivt.pdf": original})
    version, job = publish_and_render(meeting)
    assert job.status == RenderJob.Status.DONE, job.error
    for variant in ("medlemmer", "offentlig"):
        _assert_harmless(document_bytes(version, "bilag", variant))
    for role in ("anonymous", "council_member", "secretariat"):
        response = client_for(role).get(
            reverse("meetings:annex_download", args=[meeting.pk, annex.uid])
        )
        assert response.status_code == 200, role
        _assert_harmless(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    # The secretariat keeps the original upload as it came.
    with default_storage.open(annex.file.name, "rb") as handle:
        assert b"/Launch" in handle.read()
