"""What the web accessibility law asks of a published PDF, checked per annex file: a text layer
(a scan is unreadable for a screen reader), a document title, a language, and tags."""

import io
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class PdfAccessibility:
    pages: int
    pages_with_text: int
    title: str
    language: str
    tagged: bool

    @property
    def problems(self) -> list[str]:
        """The reasons a reader with a screen reader would struggle, in Danish."""
        found = []
        if self.pages_with_text < self.pages:
            found.append(
                "ingen tekst (scannet)" if self.pages_with_text == 0 else "sider uden tekst"
            )
        if not self.title:
            found.append("ingen dokumenttitel")
        if not self.language:
            found.append("intet sprog angivet")
        if not self.tagged:
            found.append("ikke tagget")
        return found

    @property
    def accessible(self) -> bool:
        return not self.problems


def pdf_accessibility(data: bytes, *, pages_with_text: int) -> PdfAccessibility:
    """The file's own facts; the text layer is counted by the text extraction, not here."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        title = ""
        if pdf.docinfo is not None and "/Title" in pdf.docinfo:
            title = str(pdf.docinfo.Title).strip()
        if not title:
            try:
                title = (pdf.open_metadata().get("dc:title") or "").strip()
            except Exception:  # broken XMP is common and only means "no title from XMP"
                title = ""
        mark_info = root.get("/MarkInfo")
        marked = bool(mark_info is not None and mark_info.get("/Marked", False))
        return PdfAccessibility(
            pages=len(pdf.pages),
            pages_with_text=pages_with_text,
            title=title,
            language=str(root.get("/Lang", "")).strip(),
            tagged=marked and "/StructTreeRoot" in root,
        )
