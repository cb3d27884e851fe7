"""Apps make their own content findable by registering a source: a function that returns the
index entries for what readers may see. Agenda items and annexes are indexed per published
version instead (services.version_index), because their visibility is per item and annex."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from search.models import Entry


@dataclass(frozen=True)
class Source:
    name: str  # the prefix of Entry.source, e.g. "contract" for "contract:3"
    build: Callable[[], Iterable[Entry]]


_sources: dict[str, Source] = {}


def register(name: str, build: Callable[[], Iterable[Entry]]) -> None:
    """Make a source findable; `build` returns unsaved Entry objects whose source starts with
    `name:`. Registering a name again replaces it."""
    _sources[name] = Source(name=name, build=build)


def source_get(name: str) -> Source:
    return _sources[name]


def source_names() -> list[str]:
    return sorted(_sources)
