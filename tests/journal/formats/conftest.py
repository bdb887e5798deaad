"""What the format tests share: uploads and exports through the pages, zips, photos."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from PIL import Image
from pytest_django import Settings

from journal.models import (
    Change,
    Entry,
    LogisticsContact,
    ReadinessSnapshot,
    ReasonToWait,
    Reset,
    Situation,
    Urge,
    WaitingPeriod,
    file_under_tags,
)
from reconnect.accounts.models import User
from tests.journal.importing import done, post_import
from tests.responses import Response


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def upload(client: Client, content: bytes | dict[str, Any], name: str = "export.json") -> Response:
    if isinstance(content, dict):
        content = json.dumps(content).encode()
    return post_import(client, content, name)


def checksum(content: bytes) -> str:
    """A file's MD5, as Day One names its photos: a fingerprint to compare, not a secret."""
    return hashlib.md5(content, usedforsecurity=False).hexdigest()


def export(client: Client, fmt: str) -> bytes:
    return body(client.get(f"/journal/export/{fmt}/"))


def zip_of(files: dict[str, bytes | str], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def jpeg(colour: tuple[int, int, int] = (10, 120, 10), gps: bool = False) -> bytes:
    image = Image.new("RGB", (40, 20), colour)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}
        exif[0x010F] = "PhoneMaker"
        image.save(out, "JPEG", exif=exif.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def written(alice: User, change: Change) -> Entry:
    """Two entries with a time, mood, change, star, tags and a time zone of their own."""
    entry = Entry.objects.create(
        user=alice, day=dt.date(2026, 3, 1), time=dt.time(8, 30), title="Zoë, café", body="a\nb",
        mood=3, focus=change, starred=True, timezone="America/Los_Angeles",
    )  # fmt: skip
    file_under_tags(entry, ["no contact", "run"])
    Entry.objects.create(user=alice, day=dt.date(2026, 3, 2), title="Plain")
    ReadinessSnapshot.objects.create(user=alice, state="not_yet", met=1, total=9)
    return entry


def without_tokens(entry: Entry) -> str:
    """An entry's text with its photos' addresses (unique to a server) as photo0, photo1."""
    text: str = entry.body
    for n, photo in enumerate(entry.photos.all()):
        text = text.replace(photo.token, f"photo{n}")
    return text


def fields(user: User) -> list[tuple[object, ...]]:
    return sorted(
        (
            e.day, e.time, e.timezone, e.title, without_tokens(e), e.mood,
            e.focus.name if e.focus else None, e.starred,
            tuple(sorted(t.name for t in e.tags.all())),
        )
        for e in Entry.objects.filter(user=user).prefetch_related("photos", "tags")
    )  # fmt: skip


def round_trip(
    alice_client: Client, bob_client: Client, alice: User, bob: User, fmt: str, name: str
) -> bytes:
    """Export from alice into bob's account: the same entries; then again, into both
    accounts, and bob's export into alice's: nothing twice."""
    exported = export(alice_client, fmt)
    if exported[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(exported)) as archive:
            texts = [n for n in archive.namelist() if not n.startswith("photos/")]
            assert not any(b"\r" in archive.read(n) for n in texts)
    else:
        assert b"\r" not in exported
    theirs = {change.name for change in Change.objects.filter(user=bob)}
    for change in Change.objects.filter(user=alice):
        if change.name not in theirs:
            Change.objects.create(user=bob, name=change.name)
    assert done(upload(bob_client, exported, name))
    assert fields(bob) == fields(alice)
    count = Entry.objects.filter(user=alice).count()
    upload(alice_client, exported, name)
    upload(bob_client, exported, name)
    assert Entry.objects.filter(user=alice).count() == count
    assert Entry.objects.filter(user=bob).count() == count
    upload(alice_client, export(bob_client, fmt), name)
    assert Entry.objects.filter(user=alice).count() == count
    return exported


@pytest.fixture
def hard_moments(
    alice: User, bob: User, period: WaitingPeriod, urge: Urge, reason: ReasonToWait
) -> None:
    """Alice's urge kept as a draft, a practical contact, a friend; and Bob's own urge."""
    Urge.objects.filter(pk=urge.pk).update(outcome="kept_draft", draft="kept")
    LogisticsContact.objects.create(period=period, day=period.start, note="Returned the bike")
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    now = urge.created
    Urge.objects.create(
        user=bob, message="Bob's own", triggers=",dream,", intensity=2, created=now, pause_until=now
    )


def body(response: Response) -> bytes:
    """A streamed export, whole."""
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.fixture
def records(alice: User, bob: User, change: Change, entry: Entry, period: WaitingPeriod) -> None:
    """A reset, honest answers and an entry of Bob's that no export of Alice's may hold."""
    Reset.objects.create(period=period, run_started_at=period.started_at, note="slipped")
    Situation.objects.create(user=alice, whose_side="mine", honest=True, slow_plan="slowly")
    Entry.objects.create(user=bob, day=dt.date(2026, 1, 1), title="Bob's secret entry")
