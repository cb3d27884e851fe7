"""Derived files that do not change between renders (laid-out pages, readers' copies of annexes),
kept in the default storage under a key of what they were made from."""

import hashlib
import io
import os
import shutil

from django.core.files import File
from django.core.files.storage import default_storage


class StorageCache:
    """An entry's name carries its size, checked when the entry is first looked for: a file cut
    short by a worker that died while writing it is never used."""

    prefix = "cache"

    def __init__(self):
        self._complete: dict[str, tuple[str, int]] = {}  # once complete, an entry never changes

    def _folder(self, key: str) -> str:
        return f"{self.prefix}/{key[:2]}"

    def size(self, key: str) -> int:
        """The size of a complete entry (read from its name)."""
        self.name(key)
        return self._complete[key][1]

    def name(self, key: str) -> str | None:
        """The storage name of a complete entry, or None."""
        if key in self._complete:
            return self._complete[key][0]
        folder = self._folder(key)
        try:
            _dirs, names = default_storage.listdir(folder)
        except FileNotFoundError:
            return None
        for name in sorted(n for n in names if n.startswith(key + "-")):
            size = name[len(key) + 1 :].split(".", 1)[0]
            path = f"{folder}/{name}"
            if size.isdigit() and default_storage.size(path) == int(size):
                self._complete[key] = (path, int(size))
                return path
        return None

    def put_file(self, key: str, path: str) -> str:
        """Stream a finished local file into the cache; returns its storage name."""
        with open(path, "rb") as handle:
            size = handle.seek(0, io.SEEK_END)
            handle.seek(0)
            return default_storage.save(f"{self._folder(key)}/{key}-{size}.pdf", File(handle))

    def open(self, key: str):
        name = self.name(key)
        return default_storage.open(name, "rb") if name else None

    def get(self, key: str) -> bytes | None:
        name = self.name(key)
        if name is None:
            return None
        with default_storage.open(name, "rb") as handle:
            return handle.read()

    def set(self, key: str, data: bytes) -> None:
        if self.name(key) is None:
            default_storage.save(
                f"{self._folder(key)}/{key}-{len(data)}.pdf", File(io.BytesIO(data))
            )


class TempCache:
    """Keeps nothing between renders: entries (readers' copies, laid-out pages) live in a
    private folder for the documents of one build."""

    def __init__(self, folder: str):
        self.folder = folder
        self.entries: dict[str, str] = {}

    def name(self, key):
        return self.entries.get(key)

    def size(self, key):
        return os.path.getsize(self.entries[key])

    def put_file(self, key, path):
        target = f"{self.folder}/cache-{key}.pdf"
        shutil.copyfile(path, target)
        self.entries[key] = target
        return target

    def open(self, key):
        path = self.entries.get(key)
        return open(path, "rb") if path else None

    def get(self, key):
        path = self.entries.get(key)
        if path is None:
            return None
        with open(path, "rb") as handle:
            return handle.read()

    def set(self, key, data):
        if key not in self.entries:
            target = f"{self.folder}/cache-{key}.pdf"
            with open(target, "wb") as handle:
                handle.write(data)
            self.entries[key] = target


def cache_key(kind: str, content: str) -> str:
    return hashlib.sha256(f"{kind}:{content}".encode()).hexdigest()
