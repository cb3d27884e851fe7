"""Stored files where Django's storage API is not enough: a local path for tools that read a file
by name (pdftotext, ocrmypdf, qpdf), byte ranges read straight from an object store, and removal
of files that no row refers to any more. Works with the disk (FileSystemStorage) and with
django-storages' S3Storage alike."""

import datetime
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models

CHUNK = 1 << 20


def is_object_store(storage=None) -> bool:
    """True for an S3-compatible store (its files have no local path)."""
    return hasattr(storage or default_storage, "bucket")


@contextmanager
def local_copy(name: str, storage=None, *, suffix: str = ".pdf") -> Iterator[str]:
    """A local path to a stored file for as long as the block runs: the file itself on disk, a
    temporary copy (streamed, never held in memory) from an object store."""
    storage = storage or default_storage
    if not is_object_store(storage):
        try:
            yield storage.path(name)
            return
        except NotImplementedError:
            pass
    with tempfile.TemporaryDirectory(prefix="kkr-file-") as folder:
        path = os.path.join(folder, "file" + suffix)
        with storage.open(name, "rb") as source:
            if is_object_store(storage):
                source.obj.download_file(path)
            else:
                with open(path, "wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
        yield path


class StoredRange:
    """One stored file opened for sending: its size, and its bytes from `start` for `length`,
    read in chunks (from an object store as one ranged GET, so a reader's request for a page of a
    600-page bundle does not fetch the whole bundle)."""

    def __init__(self, name: str, storage=None):
        self.storage = storage or default_storage
        self.handle = self.storage.open(name, "rb")
        self.object = self.handle.obj if is_object_store(self.storage) else None
        self.size = self.object.content_length if self.object else self.storage.size(name)

    def chunks(self, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        length = self.size - start if length is None else length
        try:
            if self.object is not None:
                if length <= 0:
                    return
                body = self.object.get(Range=f"bytes={start}-{start + length - 1}")["Body"]
                try:
                    yield from body.iter_chunks(CHUNK)
                finally:
                    body.close()
                return
            self.handle.seek(start)
            remaining = length
            while remaining > 0:
                chunk = self.handle.read(min(CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
        finally:
            self.handle.close()

    def close(self) -> None:
        self.handle.close()


def _file_fields():
    """(model, field name) of every FileField of the project's own tables; history tables keep
    names of files that are gone and are not references."""
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field.name


def file_names(instances_by_model: dict, querysets: Iterable = ()) -> set[str]:
    """The stored names held by the given rows (model -> instances) and querysets."""
    names = set()
    for model, instances in instances_by_model.items():
        for field in (f for m, f in _file_fields() if m is model):
            names.update(getattr(instance, field).name for instance in instances)
    for queryset in querysets:
        for field in (f for m, f in _file_fields() if m is queryset.model):
            names.update(queryset.values_list(field, flat=True))
    return {name for name in names if name}


def referenced(names: set[str]) -> set[str]:
    """The names of `names` that a row still refers to."""
    found = set()
    for model, field in _file_fields():
        found.update(model.objects.filter(**{f"{field}__in": names}).values_list(field, flat=True))
    return found


def stored_under(folder: str, storage=None) -> Iterator[tuple[str, datetime.datetime]]:
    """(name, last modified) of every stored file under a folder, at any depth; from an object
    store as one listing (no request per file)."""
    storage = storage or default_storage
    if is_object_store(storage):
        location = (getattr(storage, "location", "") or "").strip("/")
        root = f"{location}/" if location else ""
        for entry in storage.bucket.objects.filter(Prefix=f"{root}{folder.strip('/')}/"):
            yield entry.key[len(root) :], entry.last_modified
        return
    folders = [folder.strip("/")]
    while folders:
        current = folders.pop()
        try:
            subfolders, names = storage.listdir(current)
        except FileNotFoundError:
            continue
        folders.extend(f"{current}/{name}" for name in subfolders)
        for name in names:
            yield f"{current}/{name}", storage.get_modified_time(f"{current}/{name}")


def delete_names(names: Iterable[str], storage=None) -> int:
    """Delete stored files (a missing one is no error); returns how many were asked for."""
    storage = storage or default_storage
    count = 0
    for name in names:
        storage.delete(name)
        count += 1
    return count
