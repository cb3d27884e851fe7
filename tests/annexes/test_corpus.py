"""Every real PDF of the corpus (tests/annexes/corpus, listed in its MANIFEST) is either refused
in Danish at upload or survives the bundle: qpdf --check is clean, and every line of every contents
page leads to the page where its annex is."""

import hashlib
import io
import re

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from meetings.models import RenderJob
from meetings.uploads import annex_file_inspect
from tests.annexes.helpers import (
    CORPUS,
    check_tags,
    corpus_files,
    document_bytes,
    meeting_with,
    page_text,
    publish_and_render,
    qpdf_output,
    write,
)

# Refused on purpose: a user password, and a file whose page tree is empty.
REFUSED = {
    "pypdf-encryption-r4-user-password.pdf": "krypteret",
    "pikepdf-newline-buffer-test.pdf": "ingen sider",
}


def test_manifest_lists_every_file_with_its_checksum():
    lines = [
        line.split()
        for line in (CORPUS / "MANIFEST").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    listed = {name: digest for name, digest, *_source in lines}
    assert sorted(listed) == [path.name for path in corpus_files()]
    for path in corpus_files():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[path.name], path.name


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_corpus_file_is_accepted_or_refused_in_danish(path):
    try:
        inspected = annex_file_inspect(SimpleUploadedFile(path.name, path.read_bytes()))
    except ValidationError as error:
        assert path.name in REFUSED, error.messages
        assert REFUSED[path.name] in error.messages[0]
    else:
        assert path.name not in REFUSED
        assert inspected.page_count >= 1


def _contents(reader: PdfReader) -> list[tuple[str, int]]:
    """(label, page) of every contents line, over all contents pages (until the first divider)."""
    entries = []
    for page in reader.pages:
        text = page.extract_text() or ""
        if (
            entries
            and "Indholdsfortegnelse" not in text
            and not re.search(r"^Bilag \d+:.*\s\d+$", text, re.M)
        ):
            break
        for line in text.splitlines():
            match = re.match(r"^((?:Bilag \d+:|\d+\.\d+ ).*\S)\s+(\d+)$", line.strip())
            if match:
                entries.append((match.group(1), int(match.group(2))))
    return entries


@pytest.fixture
def corpus_bundle(db, tmp_path):
    files = {path.name: path.read_bytes() for path in corpus_files() if path.name not in REFUSED}
    meeting, annexes = meeting_with(files, closed={"pikepdf-form.pdf"})
    version, job = publish_and_render(meeting)
    documents = {v: document_bytes(version, "bilag", v) for v in ("medlemmer", "offentlig")}
    # Annexes whose own page content qpdf warns about (content-stream-errors.pdf is made so).
    content_warnings = [
        name
        for name, data in files.items()
        if "WARNING: page object" in qpdf_output(write(tmp_path, name, data))
    ]
    return {
        "job": job,
        "documents": documents,
        "files": files,
        "annexes": annexes,
        "content_warnings": content_warnings,
    }


def test_corpus_bundles_are_sound_and_their_contents_find_every_annex(corpus_bundle, tmp_path):
    assert corpus_bundle["job"].status == RenderJob.Status.DONE, corpus_bundle["job"].error
    for variant in ("medlemmer", "offentlig"):
        _check_bundle(corpus_bundle, variant, tmp_path)
    _check_first_pages(corpus_bundle, tmp_path)


def _check_bundle(corpus_bundle, variant, tmp_path):
    data = corpus_bundle["documents"][variant]
    path = write(tmp_path, f"bilag-{variant}.pdf", data)
    # Only the annexes' own damaged content streams (content-stream-errors.pdf) may warn; the
    # bundle's structure (cross-references, linearisation, outline, names) adds nothing.
    lines = qpdf_output(path).splitlines()
    added = [line for line in lines if "WARNING" in line and "WARNING: page object" not in line]
    assert not added, added[:5]
    if any("WARNING: page object" in line for line in lines):
        assert corpus_bundle["content_warnings"]
    reader = PdfReader(io.BytesIO(data))
    entries = _contents(reader)
    annex_entries = [(label, page) for label, page in entries if label.startswith("Bilag ")]
    assert len(annex_entries) == len(corpus_bundle["files"])
    contents_pages = min(page for _label, page in entries) - 1
    assert contents_pages >= 2  # the check reads past the first contents page
    for label, page in annex_entries:
        divider = page_text(path, page)
        expected = (
            "Lukket bilag" if (variant == "offentlig" and "pikepdf-form.pdf" in label) else label
        )
        assert expected.split(":")[0] in divider and expected.split(": ", 1)[-1][:30] in divider, (
            label,
            page,
        )
    # Each contents line is a link to the page its number names.
    with pikepdf.open(path) as pdf:
        check_tags(pdf)
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        targets = sorted(
            index[annot.Dest[0].objgen]
            for page in list(pdf.pages)[:contents_pages]
            for annot in page.obj.get("/Annots", [])
            if "/Dest" in annot
        )
    assert sorted({page for _label, page in entries}) == sorted(set(targets))


def _check_first_pages(corpus_bundle, tmp_path):
    """Each annex starts after its divider with its own first page."""
    data = corpus_bundle["documents"]["medlemmer"]
    bundle = write(tmp_path, "bilag.pdf", data)
    entries = dict(_contents(PdfReader(io.BytesIO(data))))
    for name, content in corpus_bundle["files"].items():
        page = next(page for label, page in entries.items() if label.endswith(name))
        original = write(tmp_path, name, content)
        expected = page_text(original, 1)
        got = page_text(bundle, page + 1)
        # The bundle page holds the original page's text, and its own page number below it.
        # (Flattened forms add what their fields show, e.g. a button's caption.)
        assert set(expected.split()[:20]) <= set(got.split()), name
        assert re.search(r"Bilagssamling side \d+ af \d+", got), name
