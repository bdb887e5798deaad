"""Sending a file to the import page, as a person does: the upload, then the progress page."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.responses import Response


def post_import(client: Client, content: bytes, name: str = "export.json") -> Response:
    """POST a file; when the request accepts it, the import's progress page (tasks run
    in-process in the tests, so the import has ended by then). A crash in the task is never
    an answer: it would be a 500 without tasks."""
    response = client.post("/journal/import/", {"file": SimpleUploadedFile(name, content)})
    if response.status_code == 302 and response["Location"].startswith("/journal/import/"):
        page = client.get(response["Location"])
        assert "went wrong on the server" not in page.text, page.text
        return page
    return response


def done(response: Response) -> bool:
    """Whether the answer is the progress page of an import that went in."""
    return response.status_code == 200 and 'data-state="done"' in response.text
