"""The cast: Alice owns things, Bob is someone else, a visitor is signed out.

`alice_client` and `bob_client` are signed in; `csrf_client` enforces CSRF checks,
as a real browser session would.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend
from hypothesis import settings as hypothesis_settings
from PIL import Image
from pytest_django import Settings

from journal.models import (
    Change,
    Entry,
    EntryPhoto,
    HelpChoice,
    ImportJob,
    QuickTag,
    ReasonToWait,
    Situation,
    Urge,
    WaitingPeriod,
    search_index,
)
from journal.photos import attach, process
from reconnect.accounts.models import User
from reconnect.lib import sealing
from tests.security.routes import OWNER, PUBLIC, SIGNED_IN

# No example may fail for taking long: on a busy machine that is noise, and time belongs in
# benchmarks, never in an assertion (Hypothesis's default deadline is one).
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

PASSWORD = "correct horse battery staple"
SITUATION = {
    "broke_up_on": "2026-05-01",
    "whose_side": "mine",
    "their_rough_patch": "none",
    "their_behaviour": "none",
    "open_to_contact": "yes",
    "honest": "on",
    "slow_plan": "Coffee first, then walks; nothing public for a while.",
    "accept_no": "on",
}


IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Settings) -> None:
    """Argon2 costs a third of a second a hash, which is its point; tests that sign
    people up or in by the hundred use MD5. tests/accounts checks Argon2 is the real one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The same for the key a locked journal's password wraps (tests/security checks the real costs).
    settings.JOURNAL_LOCK_KDF = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


@pytest.fixture(autouse=True)
def fresh_keyring() -> Iterator[None]:
    """Keys are forgotten at the end of every request and task; a test is a run of its
    own too (ids are used again after a test's rollback, with new keys)."""
    sealing.forget()
    yield
    sealing.forget()


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """A test that renders in Spanish leaves the language active in its process; with the
    suite spread over processes, the next test there would be read in Spanish too."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def tasks_in_process(settings: Settings) -> None:
    """Tasks run inside the request that queues them; tests/project/test_worker.py runs a
    real worker against a real database."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def queued(settings: Settings) -> DummyBackend:
    """Tasks are kept, not run: a test reads what a request queued (its arguments)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.clear()
    return backend


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice", "alice@example.org", PASSWORD, timezone="UTC")


@pytest.fixture
def bob(db: None) -> User:
    return User.objects.create_user("bob", "bob@example.org", PASSWORD, timezone="UTC")


@pytest.fixture
def visitor(db: None) -> Client:
    return Client()


@pytest.fixture
def alice_client(alice: User) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob: User) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def csrf_client(alice: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


@pytest.fixture
def change(alice: User) -> Change:
    return Change.objects.create(user=alice, name="Jealousy", about_breakup=True)


@pytest.fixture
def entry(alice: User, change: Change) -> Entry:
    return Entry.objects.create(
        user=alice, day=dt.date(2026, 11, 1), title="A long walk", body="Felt *calm*.", focus=change
    )


@pytest.fixture
def period(alice: User) -> WaitingPeriod:
    start = alice.local_today() - dt.timedelta(days=10)
    return WaitingPeriod.objects.begin(alice, "No contact", start, 30)


def many_entries(user: User, count: int, change: Change | None = None) -> None:
    today = user.local_today()
    Entry.objects.bulk_create(
        Entry(
            user=user,
            day=today - dt.timedelta(days=i % 700),
            title=f"Entry {i}",
            body="text",
            body_html="<p>text</p>",
            search_index=search_index(user.pk, [f"Entry {i}", "text"]),
            mood=1 + i % 5,
            focus=change,
        )
        for i in range(count)
    )


@pytest.fixture
def guide(db: None) -> None:
    """The advice pages, loaded from advice/content/."""
    call_command("sync_advice", stdout=io.StringIO())


@pytest.fixture
def ready_alice(alice: User) -> None:
    """Records that meet every condition, with dates in the past."""
    today = alice.local_today()
    change = Change.objects.create(
        user=alice,
        name="Jealousy",
        about_breakup=True,
        need_to_fix="yes",
        want_to_fix="yes",
        for_myself="yes",
    )
    for week in range(4):
        for day in (0, 2):
            Entry.objects.create(
                user=alice,
                day=today - dt.timedelta(weeks=week, days=day),
                title=f"Week {week}",
                focus=change,
                mood=4,
            )
    start = today - dt.timedelta(days=45)
    WaitingPeriod.objects.begin(alice, "No contact", start, 30)
    Situation.objects.create(
        user=alice,
        whose_side="mine",
        their_rough_patch="none",
        their_behaviour="none",
        honest=True,
        slow_plan=SITUATION["slow_plan"],
        accept_no=True,
        open_to_contact="yes",
    )


@pytest.fixture
def urge(alice: User) -> Urge:
    now = timezone.now()
    return Urge.objects.create(
        user=alice,
        message="I miss you. Can we talk?",
        triggers=",loneliness,alcohol,",
        trigger_note="Late, after a party",
        intensity=8,
        created=now,
        pause_until=now + dt.timedelta(minutes=10),
    )


@pytest.fixture
def reason(alice: User) -> ReasonToWait:
    return ReasonToWait.objects.create(user=alice, text="I need to be okay alone first")


@pytest.fixture
def own_help(alice: User) -> HelpChoice:
    """An item of Alice's own on her list of what helps."""
    return HelpChoice.objects.create(user=alice, label="A cold shower")


@pytest.fixture
def quick_tag(alice: User) -> QuickTag:
    return QuickTag.objects.create(user=alice, name="Slept badly")


@pytest.fixture
def photo(entry: Entry, settings: Settings, tmp_path: Path) -> EntryPhoto:
    settings.MEDIA_ROOT = str(tmp_path)
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    return attach(entry, process(out.getvalue(), "p.png"))


@pytest.fixture
def url_for(request: pytest.FixtureRequest, alice: User) -> Callable[[str], str]:
    """Any route's URL by name, from the tables in tests/security/routes.py."""

    def build(name: str) -> str:
        if name == "journal:photo":
            return reverse(name, args=[request.getfixturevalue("photo").token, "full"])
        if name in OWNER:
            return reverse(name, args=[request.getfixturevalue(OWNER[name]).pk])
        kwargs = {**PUBLIC, **SIGNED_IN}[name]
        if kwargs.get("token") == "calendar_token":
            kwargs = {"token": alice.calendar_token}
        return reverse(name, kwargs=kwargs)

    return build


@pytest.fixture
def import_job(alice: User) -> ImportJob:
    return ImportJob.objects.create(user=alice, name="journal.json")
