"""The caps an annex is read under, shared by the upload check, text extraction and the worker."""

import resource
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

    def impose(self) -> None:
        """Bound this process (a child about to read a file): memory, CPU time, no core file."""
        resource.setrlimit(resource.RLIMIT_AS, (self.memory_bytes, self.memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (self.cpu_seconds, self.cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
