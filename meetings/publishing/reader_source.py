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


def reader_source(file: str, sha256: str) -> ReaderSource:
    """The file the reader's copy of an annex's upload (its storage name and checksum) is made
    from."""
    if sha256:
        answers = signals.reader_source_wanted.send(sender=ReaderSource, sha256=sha256)
        for _receiver, found in answers:
            if found is not None:
                return found
    return ReaderSource(name=file, sha256=sha256)
