"""Which stored file an annex's readers get their copy from: the upload itself, unless an app
offers a better file with the same content (the compliance app: the searchable copy that OCR
made of a scan, which the accessibility law asks for). Apps answer
`signals.reader_source_wanted`, so meetings never imports them."""

from dataclasses import dataclass

from meetings import signals


@dataclass(frozen=True)
class ReaderSource:
    name: str  # the storage name of the file
    sha256: str  # its content: derived files (readers' copies, bundles) are keyed by it


def reader_source(annex: dict) -> ReaderSource:
    """The file an annex's reader's copy is made from (annex as in the frozen package)."""
    if annex.get("sha256"):
        answers = signals.reader_source_wanted.send(sender=ReaderSource, sha256=annex["sha256"])
        for _receiver, found in answers:
            if found is not None:
                return found
    return ReaderSource(name=annex["file"], sha256=annex.get("sha256", ""))
