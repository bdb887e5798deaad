"""Files sealed at rest: every file stored under `<kind>/<account id>/` (photos, and
uploads waiting for the worker) is sealed for that account as it is saved and opened as it
is read, on the disk and in an S3 bucket alike. Everything that reads or writes them goes
through the storage, so none of it needs to know."""

from __future__ import annotations

import functools
import re
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from . import sealing

OWNED = re.compile(r"^(?:photos|imports)/(\d+)/")
# What the worker reads: an import's file, a photo as sent (journal.photos.keep_for_later).
FOR_WORKER = re.compile(r"^(?:imports/.*|photos/.*\.upload)$")


def owner_of(name: str) -> int | None:
    found = OWNED.match(name.replace("\\", "/"))
    return int(found.group(1)) if found else None


class SealedMixin:
    def _save(self, name: str, content: File[Any]) -> str:
        owner = owner_of(name)
        if owner is not None:
            content.seek(0)
            seal = sealing.seal_for_worker if FOR_WORKER.match(name) else sealing.seal_bytes
            content = ContentFile(seal(owner, content.read()))
        saved: str = super()._save(name, content)  # type: ignore[misc]
        return saved

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        file: File[Any] = super()._open(name, mode)  # type: ignore[misc]
        owner = owner_of(name)
        if owner is None:
            return file
        with file:
            raw: bytes | str = file.read()
        assert isinstance(raw, bytes)  # noqa: S101 - sealed files are only opened as bytes
        return ContentFile(sealing.open_bytes(owner, raw), name=name)

    def open_sealed(self, name: str) -> File[Any]:
        """The file as stored, still sealed: what a backup copies."""
        file: File[Any] = super()._open(name, "rb")  # type: ignore[misc]
        return file

    def save_sealed(self, name: str, content: File[Any]) -> str:
        """Store bytes that are sealed already (a backup's), as they are."""
        saved: str = super()._save(name, content)  # type: ignore[misc]
        return saved


def open_sealed(storage: Any, name: str) -> File[Any]:
    opener = getattr(storage, "open_sealed", None)
    file: File[Any] = opener(name) if opener else storage.open(name, "rb")
    return file


def save_sealed(storage: Any, name: str, content: File[Any]) -> str:
    saver = getattr(storage, "save_sealed", None)
    saved: str = saver(name, content) if saver else storage.save(name, content)
    return saved


class SealedFileSystemStorage(SealedMixin, FileSystemStorage):
    pass


@functools.cache
def _s3_storage() -> type:
    from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]

    return type("SealedS3Storage", (SealedMixin, S3Storage), {"__module__": __name__})


def __getattr__(name: str) -> Any:
    # The S3 backend only when configured: django-storages is an optional extra.
    if name == "SealedS3Storage":
        return _s3_storage()
    raise AttributeError(name)
