"""No code path shows a record that is gone, changed or someone else's.

Pages read what they show on every request, so every write path counts: the admin's
bulk actions, querysets, cascades, another process. Each of these once left a deleted
or moved entry on its owner's pages, from a per-process cache.
"""

from __future__ import annotations

import datetime as dt
import http.client
import subprocess
import urllib.parse

import pytest
from django.test import Client

from journal.models import Change, Entry, WaitingPeriod
from reconnect.accounts.models import User
from reconnect.lib import sealing
from tests.conftest import PASSWORD
from tests.liveserver import PYTHON, ROOT, gunicorn, manage, production_env, sessions
from tests.markup import page_html


@pytest.fixture
def admin_client(django_user_model: type[User]) -> Client:
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    client = Client()
    client.force_login(admin)
    return client


def seen(client: Client, entry: Entry) -> tuple[bool, int]:
    """Whether the list shows the entry, and what its own page answers."""
    listed = f'data-entry="{entry.pk}"' in client.get("/journal/").text
    return listed, client.get(f"/journal/{entry.pk}/").status_code


def test_an_admin_bulk_delete_shows_at_once(alice_client, admin_client, entry):
    assert seen(alice_client, entry) == (True, 200)
    response = admin_client.post(
        "/admin/journal/entry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert seen(alice_client, entry) == (False, 404)


def test_an_entry_moved_to_someone_else_leaves_the_first_list(alice_client, bob_client, bob, entry):
    assert seen(alice_client, entry) == (True, 200)
    Entry.objects.filter(pk=entry.pk).update(user=bob, focus=None)
    assert seen(alice_client, entry) == (False, 404)
    assert seen(bob_client, entry) == (True, 200)


def test_a_queryset_update_and_delete_show_at_once(alice_client, alice, entry):
    alice_client.get("/journal/")
    Entry.objects.filter(pk=entry.pk).update(title=sealing.seal(alice.pk, "Renamed in bulk"))
    assert "Renamed in bulk" in alice_client.get("/journal/").text
    Entry.objects.filter(user=alice).delete()
    assert seen(alice_client, entry) == (False, 404)
    assert 'data-count="total">0<' in alice_client.get("/journal/").text


def test_a_cascade_shows_at_once(alice_client, alice, change, entry):
    period = WaitingPeriod.objects.begin(alice, "No contact", alice.local_today(), 30)
    assert f'data-period="{period.pk}"' in alice_client.get("/dashboard/").text
    Change.objects.filter(pk=change.pk).delete()  # entries keep their text, unlinked
    WaitingPeriod.objects.filter(user=alice).delete()
    html = alice_client.get("/dashboard/").text
    assert f'data-period="{period.pk}"' not in html and "Jealousy" not in html
    assert "Jealousy" not in page_html(alice_client, f"/journal/{entry.pk}/")


def test_deleting_the_account_ends_a_visit_in_another_tab(alice, entry):
    """A second device, mid-visit, sees nothing of the account once it is deleted."""
    phone, laptop = Client(), Client()
    for client in (phone, laptop):
        client.force_login(alice)
    assert seen(phone, entry) == (True, 200)
    laptop.post("/accounts/delete/", {"password": PASSWORD})
    for path in ("/journal/", f"/journal/{entry.pk}/", "/dashboard/"):
        response = phone.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_two_gunicorn_workers_never_show_a_deleted_entry(tmp_path):
    """Each of two processes answers from the database alone, whichever gets the request."""
    env = {**production_env(tmp_path / "db.sqlite3"), "DJANGO_STATIC_ROOT": str(tmp_path / "s")}
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    session = sessions(env, "carol")["carol"]
    code = (
        "import django, datetime; django.setup();"
        "from journal.models import Entry; from django.contrib.auth import get_user_model;"
        "u = get_user_model().objects.get(username='carol');"
        "print(Entry.objects.create(user=u, day=datetime.date(2026, 11, 1), title='Private').pk)"
    )
    pk = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    with gunicorn(env, workers=2) as base:
        url = urllib.parse.urlsplit(base)
        host, port = url.hostname, url.port
        assert host and port, base

        def statuses(path: str, times: int = 12) -> set[int]:
            found = set()
            for _ in range(times):  # a new connection each time, spread over both workers
                conn = http.client.HTTPConnection(host, port, timeout=10)
                conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
                found.add(conn.getresponse().status)
                conn.close()
            return found

        assert statuses(f"/journal/{pk}/") == {200}
        subprocess.run(
            [PYTHON, "-c", "import django; django.setup(); from journal.models import Entry;"
             f"Entry.objects.filter(pk={pk}).delete()"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        assert statuses(f"/journal/{pk}/") == {404}


def test_a_period_that_ended_while_away_shows_as_ended(alice_client, alice):
    """Time alone changes what a page shows; nothing from an earlier look is reused."""
    start = alice.local_today() - dt.timedelta(days=29)
    period = WaitingPeriod.objects.begin(alice, "No contact", start, 30)
    assert 'data-percent="100"' not in page_html(alice_client, period.get_absolute_url())
    WaitingPeriod.objects.filter(pk=period.pk).update(
        started_at=period.started_at - dt.timedelta(days=2)
    )
    assert 'data-percent="100"' in alice_client.get(period.get_absolute_url()).text
