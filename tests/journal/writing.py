"""Writing an entry as a person does: the new-entry form, posted."""

from __future__ import annotations

from django.test import Client

from tests.responses import Response


def post_entry(client: Client, **fields: str | int) -> Response:
    """POST /journal/new/ with a plain entry, any field replaced by `fields`."""
    data: dict[str, str | int] = {
        "day": "2026-03-05",
        "title": "A walk",
        "body": "",
        "mood": "",
        "focus": "",
    }
    data.update(fields)
    return client.post("/journal/new/", data)
