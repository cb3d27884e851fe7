"""Which stored file an annex's readers get their copy from: the upload itself, unless an app
registered a better file with the same content (the compliance app: the searchable copy that OCR
made of a scan, which the accessibility law asks for). Apps register in their AppConfig.ready, so
meetings never imports them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReaderSource:
    name: str  # the storage name of the file
    sha256: str  # its content: derived files (readers' copies, bundles) are keyed by it


Provider = Callable[[str], ReaderSource | None]
_providers: list[Provider] = []


def provide(provider: Provider) -> Provider:
    """Register a function from an upload's checksum to a better file for readers, or None."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def reader_source(annex: dict) -> ReaderSource:
    """The file an annex's reader's copy is made from (annex as in the frozen package)."""
    for provider in _providers:
        found = provider(annex["sha256"]) if annex.get("sha256") else None
        if found is not None:
            return found
    return ReaderSource(name=annex["file"], sha256=annex.get("sha256", ""))
