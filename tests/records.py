"""Finding records by what they say: sealed fields cannot be compared in the database, so
tests compare them in Python, as the pages do."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def matching(records: models.QuerySet[M] | type[M], **fields: Any) -> list[M]:
    queryset = records if isinstance(records, models.QuerySet) else records._default_manager.all()
    return [
        record
        for record in queryset
        if all(getattr(record, name) == value for name, value in fields.items())
    ]


def find(records: models.QuerySet[M] | type[M], **fields: Any) -> M:
    """The one record whose fields hold these values."""
    found = matching(records, **fields)
    assert len(found) == 1, f"{len(found)} records match {fields}"
    return found[0]
