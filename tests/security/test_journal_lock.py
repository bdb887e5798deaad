"""Only you can open it: a journal locked with its owner's password.

Each test signs in as a person does (the password through /accounts/login/), so the key
travels as it does in use: unwrapped at sign-in, kept sealed in the session under a key in
the cookie alone. Outside a request, the test is the operator's shell: the database, every
deployer key and every session row, and none of the person's words open there.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import nacl.exceptions
import nacl.secret
import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from journal.models import Entry, EntryDraft
from reconnect.accounts import lock
from reconnect.accounts.models import Session, User
from reconnect.lib import sealing
from reconnect.lib.datakeys import DataKeyError
from reconnect.lib.fields import UnopenedText
from tests.conftest import PASSWORD, many_entries

pytestmark = pytest.mark.django_db

WORDS = "Quillowbrand"


def sign_in(password: str = PASSWORD, username: str = "alice") -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:400]
    return client


def lock_journal(client: Client) -> str:
    response = client.post("/accounts/lock/", {"password": PASSWORD, "action": "on"})
    assert response.status_code == 200
    found = re.search(rb"<code data-recovery-code>([a-z ]+)</code>", response.content)
    assert found, response.content[:2000]
    assert b"data-journal-locked" not in response.content  # open on this device from now on
    return found.group(1).decode()


def write_entry(client: Client, title: str = WORDS) -> Entry:
    response = client.post(
        "/journal/new/", {"day": "2026-11-02", "title": title, "body": f"{title} body"}
    )
    assert response.status_code == 302
    return Entry.objects.latest("pk")


def reads(client: Client, entry: Entry) -> bool:
    response = client.get(f"/journal/{entry.pk}/")
    return response.status_code == 200 and WORDS.encode() in response.content


def operator_opens(entry: Entry) -> bool:
    """What a shell with the database, every deployer key and the session rows sees."""
    sealing.forget()
    seen = Entry.objects.get(pk=entry.pk)
    sealing.forget()
    return not isinstance(seen.title, UnopenedText)


@pytest.fixture
def locked(alice: User) -> tuple[Client, str, Entry]:
    client = sign_in()
    entry = write_entry(client)
    code = lock_journal(client)
    return client, code, entry


def test_locking_shows_a_recovery_code_once_and_keeps_the_journal_open(locked, alice):
    client, code, entry = locked
    assert len(code.split()) == lock.RECOVERY_WORDS
    alice.refresh_from_db()
    assert alice.journal_locked and alice.recovery_key.startswith(sealing.LOCKED)
    assert reads(client, entry)
    page = client.get("/accounts/lock/")
    assert b'data-journal-lock="on"' in page.content and code.encode() not in page.content
    assert b"data-journal-locked" not in client.get("/journal/").content


def test_the_operator_opens_nothing_of_a_locked_journal(locked, alice):
    client, _code, entry = locked
    client.post("/journal/new/draft/", {"title": "Draftword", "body": f"{WORDS} draft"})
    assert not operator_opens(entry)
    # Every deployer key fails on the wrapped key, and the session rows hold only sealed bytes.
    alice.refresh_from_db()
    assert sealing.load_keys(alice.pk).private is None
    with pytest.raises(DataKeyError):
        sealing.unwrap(alice.wrapped_key)
    for row in Session.objects.filter(user=alice):
        data = row.get_decoded()
        assert WORDS not in str(data)
        sealed = base64.b64decode(data[lock.SESSION_OPEN].partition(":")[2])
        for key in settings.DATA_KEYS:
            with pytest.raises(nacl.exceptions.CryptoError):
                nacl.secret.SecretBox(key).decrypt(sealed)
    drafts = EntryDraft.objects.filter(user=alice)
    sealing.forget()
    assert all(isinstance(d.body, UnopenedText) for d in drafts)
    # The person, signed in, sees it all.
    assert reads(client, entry)


def test_a_wrong_password_locks_nothing(alice):
    client = sign_in()
    response = client.post("/accounts/lock/", {"password": "not it", "action": "on"})
    assert b"That is not your password" in response.content
    alice.refresh_from_db()
    assert not alice.journal_locked and not alice.recovery_key


def test_signing_out_forgets_the_key_and_signing_in_brings_it_back(locked):
    client, _code, entry = locked
    client.post("/accounts/logout/")
    assert (
        settings.JOURNAL_KEY_COOKIE not in client.cookies
        or not client.cookies[settings.JOURNAL_KEY_COOKIE].value
    )
    assert reads(sign_in(), entry)


def test_two_devices_each_keep_their_own_copy(locked):
    first, _code, entry = locked
    second = sign_in()
    assert reads(second, entry)
    assert first.cookies[settings.JOURNAL_KEY_COOKIE].value != (
        second.cookies[settings.JOURNAL_KEY_COOKIE].value
    )
    first.post("/accounts/logout/")
    assert reads(second, entry)


def test_a_lost_cookie_closes_the_journal_until_the_password_opens_it(locked):
    client, _code, entry = locked
    del client.cookies[settings.JOURNAL_KEY_COOKIE]
    page = client.get(f"/journal/{entry.pk}/", follow=True)
    assert page.redirect_chain == [("/accounts/unlock/", 302)]
    assert b"data-journal-locked" in page.content and WORDS.encode() not in page.content
    response = client.post("/accounts/unlock/", {"password": "wrong"})
    assert b"That did not open your journal" in response.content
    assert client.post("/accounts/unlock/", {"password": PASSWORD}).status_code == 302
    assert reads(client, entry)


def test_a_password_change_wraps_the_key_and_signs_the_other_device_out(locked, alice):
    first, _code, entry = locked
    second = sign_in()
    new = "another long private passphrase"
    response = first.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert reads(first, entry)
    assert second.get("/journal/").status_code == 302  # signed out, as Django does
    assert reads(sign_in(new), entry)


def reset_password(user: User, new: str) -> None:
    client = Client()
    user = User.objects.get(pk=user.pk)  # the token reads the last sign-in
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    page = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    form = page.redirect_chain[-1][0]
    response = client.post(form, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302


def test_after_a_reset_by_mail_only_the_recovery_code_opens_the_journal(locked, alice):
    _client, code, entry = locked
    new = "a brand new long passphrase"
    reset_password(alice, new)
    client = Client()
    response = client.post("/accounts/login/", {"username": "alice", "password": new})
    assert response["Location"] == "/accounts/unlock/"
    page = client.get("/accounts/unlock/")
    assert b"data-journal-locked" in page.content and b"Your password was reset" in page.content
    assert not reads(client, entry)
    wrong = " ".join(reversed(code.split()))
    response = client.post("/accounts/unlock/", {"recovery_code": wrong})
    assert b"That did not open your journal" in response.content
    assert client.post("/accounts/unlock/", {"recovery_code": code.upper()}).status_code == 302
    assert reads(client, entry)
    # From then on the new password opens it.
    assert reads(sign_in(new), entry)


def test_a_new_recovery_code_replaces_the_old_one(locked, alice):
    client, old, entry = locked
    response = client.post("/accounts/lock/", {"password": PASSWORD, "action": "new_code"})
    new = re.search(rb"<code data-recovery-code>([a-z ]+)</code>", response.content)
    assert new and new.group(1).decode() != old
    alice.refresh_from_db()
    assert sealing.unwrap_with_secret(alice.recovery_key, old) is None
    assert sealing.unwrap_with_secret(alice.recovery_key, new.group(1).decode()) is not None


def test_turning_the_lock_off_wraps_the_key_under_the_deployers_again(locked, alice):
    client, _code, entry = locked
    assert (
        client.post("/accounts/lock/", {"password": PASSWORD, "action": "off"}).status_code == 302
    )
    alice.refresh_from_db()
    assert not alice.journal_locked and not alice.recovery_key
    assert operator_opens(entry)
    assert reads(client, entry)


def test_sign_out_everywhere_ends_every_session(locked, alice):
    first, _code, _entry = locked
    second = sign_in()
    first.post("/accounts/sign-out-everywhere/")
    assert not Session.objects.filter(user=alice).exists()
    assert second.get("/journal/").status_code == 302


def test_what_is_written_while_closed_is_sealed_for_the_person(locked, alice):
    """A task (an import, a photo) writes with no password: sealed to the public key,
    readable at the next sign-in."""
    client, _code, _entry = locked
    client.post("/accounts/logout/")
    sealing.forget()
    written = Entry.objects.create(user=alice, day=dt.date(2026, 11, 3), title=WORDS, body="x")
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, search_index FROM journal_entry WHERE id = %s", [written.pk])
        stored = cursor.fetchone()
    assert stored[0].startswith(sealing.BY_PUBLIC_KEY) and stored[1] == sealing.PENDING
    assert not operator_opens(written)
    assert reads(sign_in(), written)


def test_a_photo_waiting_for_the_worker_is_readable_by_it_and_then_sealed(locked, alice, tmp_path):
    from django.core.files.storage import default_storage

    client, _code, entry = locked
    name = default_storage.save(f"photos/{alice.pk}/x.upload", ContentFile(b"raw bytes"))
    with default_storage.open(name) as file:  # the worker, with no password
        sealing.forget()
        assert file.read() == b"raw bytes"
    default_storage.delete(name)


def test_deleting_a_locked_account_deletes_it(locked, alice):
    client, _code, _entry = locked
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()


def test_the_real_lock_costs_are_argon2ids_recommended_ones():
    assert sealing.kdf_settings()["memory_cost"] >= 8  # tests use the cheapest
    from reconnect import settings as real

    assert real.JOURNAL_LOCK_KDF == {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}


@pytest.mark.parametrize("typed", ["", "one two", "\x00" * 8, "x" * 200, "abandon " * 9])
def test_a_malformed_recovery_code_gets_a_clear_answer(locked, alice, typed):
    _client, _code, _entry = locked
    client = Client()
    client.force_login(alice)
    response = client.post("/accounts/unlock/", {"recovery_code": typed})
    assert response.status_code == 200
    assert b"data-journal-locked" in response.content


def test_an_import_finished_after_sign_out_is_read_and_searched_at_the_next_sign_in(
    locked, alice, queued
):
    client, _code, _entry = locked
    entries = [
        {"date": f"2026-10-{d:02d}", "title": f"Imported {WORDS} {d}", "body": "Body",
         "tags": ["Sturbleway"]}
        for d in range(1, 21)
    ]  # fmt: skip
    upload = SimpleUploadedFile("journal.json", json.dumps({"entries": entries}).encode())
    response = client.post("/journal/import/", {"file": upload})
    assert response.status_code == 302, response.content[:2000]
    assert queued.results, "the import waits for the worker"
    client.post("/accounts/logout/")
    sealing.forget()
    # The worker, with no password: it reads the waiting upload, and writes sealed words.
    for result in list(queued.results):
        sealing.forget()
        queued.results.remove(result)
        result.task.call(*result.args, **result.kwargs)
    sealing.forget()
    imported = Entry.objects.filter(user=alice, search_index=sealing.PENDING)
    assert imported.count() == 20
    assert not operator_opens(imported[0])
    again = sign_in()
    page = again.get("/journal/", {"q": "Sturbleway"})
    assert page.content.count(b"Imported " + WORDS.encode()) == 20
    assert not Entry.objects.filter(user=alice, search_index=sealing.PENDING).exists()
    from journal.models import Tag

    assert Tag.objects.filter(user=alice).count() == 1


def test_an_export_of_10000_entries_opens_in_the_session(alice):
    many_entries(alice, 10_000)
    client = sign_in()
    lock_journal(client)
    response = client.get("/journal/export/json/")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    exported = json.loads(body)["entries"]
    assert len(exported) == 10_000
    assert {"Entry 0", "Entry 9999"} <= {e["title"] for e in exported}
    sealing.forget()
    assert isinstance(Entry.objects.filter(user=alice)[0].title, UnopenedText)


def test_what_leaves_while_you_are_away_uses_plain_words(locked, alice, mailoutbox):
    client, _code, _entry = locked
    client.post("/journal/waiting/new/", {"label": WORDS, "days": 30, "start": "2026-11-01"})
    alice.calendar_names = True
    alice.save(update_fields=["calendar_names"])
    client.post("/accounts/logout/")
    sealing.forget()
    feed = Client().get(f"/journal/calendar/{alice.calendar_token}.ics")
    assert feed.status_code == 200 and b"Waiting period" in feed.content
    assert WORDS.encode() not in feed.content


def test_the_friends_mail_is_sent_from_the_session(alice, mailoutbox, queued, urge):
    alice.friend_name, alice.friend_email, alice.display_name = "Sam", "sam@example.org", WORDS
    alice.save()
    client = sign_in()
    lock_journal(client)
    sealing.forget()
    response = client.post(f"/urges/{urge.pk}/ask-friend/")
    assert response.status_code == 302
    assert (
        not queued.results
    )  # nothing of theirs waits in the queue for a worker that cannot open it
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["sam@example.org"]
    assert WORDS in mailoutbox[0].body


def test_a_closed_journal_changes_nothing_but_the_hard_moment_still_works(locked, alice):
    client, _code, entry = locked
    del client.cookies[settings.JOURNAL_KEY_COOKIE]
    edit = {"day": "2026-11-02", "title": "This entry could not be opened.", "body": ""}
    response = client.post(f"/journal/{entry.pk}/edit/", edit)
    assert response["Location"] == "/accounts/unlock/"
    assert client.get("/dashboard/")["Location"] == "/accounts/unlock/"
    assert client.get("/accounts/profile/")["Location"] == "/accounts/unlock/"
    # Writing an urge down never waits for a key: it is sealed to the person's public key.
    assert client.get("/urges/new/").status_code == 200
    assert reads(sign_in(), entry)


def test_with_two_factor_the_key_waits_for_the_code_then_opens(locked, alice):
    import time_machine
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.accounts.test_two_factor import START, code_for

    _client, _code, entry = locked
    with time_machine.travel(START, tick=False):
        device = TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
        client = Client()
        response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
        assert response["Location"] == "/accounts/two-factor/login/"
        assert "_auth_user_id" not in client.session  # not signed in: the key opens nothing yet
        assert (
            client.post("/accounts/two-factor/login/", {"code": code_for(device)}).status_code
            == 302
        )
        assert reads(client, entry)


def test_a_photo_of_a_locked_journal_is_sealed_where_it_is_stored(
    locked, alice, settings, tmp_path, tasks_in_process
):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    client, _code, entry = locked
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 90)).save(image, "PNG")
    upload = SimpleUploadedFile("p.png", image.getvalue(), content_type="image/png")
    data = {"day": "2026-11-02", "title": WORDS, "body": "", "photos": upload}
    assert client.post(f"/journal/{entry.pk}/edit/", data).status_code == 302
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert stored, "the photo and its thumbnail are on disk"
    sealing.forget()
    for path in stored:
        with pytest.raises(sealing.Unopened):
            sealing.open_bytes(alice.pk, path.read_bytes())
    page = client.get(f"/journal/{entry.pk}/")
    photo = re.search(rb'src="(/journal/photos/[^"]+)"', page.content)
    assert photo and client.get(photo.group(1).decode()).status_code == 200


def test_the_signed_in_persons_own_sealed_answers_open_with_their_key(alice, caplog):
    """The user is read with their sealed answers (safety, no contact) before the view: the
    key must be offered before that, or a "no" reads as not opened, and not opened as yes."""
    from journal.models import Situation

    Situation.objects.create(user=alice, safety_concern=False, asked_no_contact=False)
    client = sign_in()
    lock_journal(client)
    caplog.clear()
    page = client.get("/readiness/")
    assert page.status_code == 200
    assert not [r for r in caplog.records if "did not open" in r.getMessage()]
    assert b"data-quick-exit" not in page.content  # no safety concern, no quick exit


def test_tries_to_open_a_closed_journal_are_limited(locked, settings):
    """Each try costs an Argon2id hash, and a password tried here must not escape the
    sign-in's lockout: past the limit even the right password waits."""
    settings.UNLOCK_TRIES_PER_HOUR = 3
    client, _code, entry = locked
    del client.cookies[settings.JOURNAL_KEY_COOKIE]
    for _ in range(3):
        assert b"That did not open" in client.post("/accounts/unlock/", {"password": "no"}).content
    response = client.post("/accounts/unlock/", {"password": PASSWORD})
    assert response.status_code == 200 and b"tried many times" in response.content
    assert not reads(client, entry)
