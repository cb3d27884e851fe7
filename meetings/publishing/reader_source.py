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


def reader_sources(files) -> list[ReaderSource]:
    """The files the readers' copies of annex uploads (storage name, checksum) are made from,
    asked of the apps once for them all (a bundle of 60 annexes, a sweep of ten years)."""
    files = list(files)
    better: dict[str, ReaderSource] = {}
    checksums = sorted({sha256 for _file, sha256 in files if sha256})
    if checksums:
        answers = signals.reader_source_wanted.send(sender=ReaderSource, sha256s=checksums)
        for _receiver, found in answers:
            for sha256, source in (found or {}).items():
                better.setdefault(sha256, source)
    return [better.get(sha256) or ReaderSource(name=file, sha256=sha256) for file, sha256 in files]


def reader_source(file: str, sha256: str) -> ReaderSource:
    """The file the reader's copy of one annex's upload is made from."""
    return reader_sources([(file, sha256)])[0]
