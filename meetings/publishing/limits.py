"""The caps an annex is read under, shared by the upload check, text extraction and the worker."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    max_pages: int = 3000
    max_stream_bytes: int = 256 * 1024 * 1024  # one decoded content stream
    max_total_bytes: int = 1024 * 1024 * 1024  # all content a renderer would decode, page by page
    max_image_pixels: int = 150_000_000  # about an A0 scan at 300 dpi
    memory_bytes: int = 512 * 1024 * 1024
    cpu_seconds: int = 10

    def to_json(self) -> dict:
        return asdict(self)
