"""Visitors' guide pages are stored whole when the guide is written (advice.pages).

Each write path is shown through the public address: the visitor sees the change at the
next request, and that request is the one query of a stored page, so the write made the
page again itself (a missing page would be made by the request, at several queries).
Tests run inside a transaction that never commits, so a write's remaking, which waits for
the commit, is run by django_capture_on_commit_callbacks.
"""

from __future__ import annotations

import http.client
import io
import re
import subprocess
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import override_script_prefix
from django.urls import resolve
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from advice import pages
from advice.models import GuidePage, Scope, SupportLine, Tip
from reconnect.accounts.models import User
from tests.liveserver import PYTHON, ROOT, gunicorn, manage, production_env
from tests.markup import page_html, search

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def seen(visitor: Client, django_assert_num_queries: DjangoAssertNumQueries) -> Callable[..., str]:
    """A visitor's page, asserted to come from the store: one query."""

    def look(path: str, language: str = "en") -> str:
        with django_assert_num_queries(1):
            response = visitor.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        text: str = response.text
        return text

    return look


@pytest.fixture
def admin_client(db: None, django_user_model: type[User]) -> Client:
    admin = django_user_model.objects.create_superuser("root", "r@example.org", "pw-long-enough")
    client = Client()
    client.force_login(admin)
    return client


# What is stored, and what each request adds ----------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "path", ["/advice/", "/advice/wait/", "/advice/safety/", "/advice/you-dont-need-them/"]
)
def test_a_stored_page_is_the_live_page_byte_for_byte(visitor, guide, rf, path, language):
    SupportLine.objects.create(name="Safe <Line>", kind="safety", phone="0808 2000 247")
    address = path + "?from=mail&x=<b>"
    visitor.get(address, HTTP_ACCEPT_LANGUAGE=language)  # the line's write forgot the page
    served = visitor.get(address, HTTP_ACCEPT_LANGUAGE=language)
    request = rf.get(address)
    request.user = AnonymousUser()
    request.resolver_match = resolve(path)
    page = path.strip("/").removeprefix("advice").strip("/")
    with translation.override(language):
        live = pages.live(request, page).content
    assert TOKEN.sub(b"", served.content) == TOKEN.sub(b"", live)
    assert 'name="next" value="/advice/' in served.text
    assert '?from=mail&amp;x=%3Cb%3E"' in served.text  # escaped, as the template escapes it
    assert pages.CSRF_MARK not in served.text and pages.NEXT_MARK not in served.text


def test_each_visitor_gets_a_working_token_of_their_own(guide):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for client in (first, second):
        response = client.get("/advice/wait/")
        assert "csrftoken" in response.cookies  # set as rendering {% csrf_token %} sets it
        tokens.append(search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text, 1))
    assert tokens[0] != tokens[1]
    switched = first.post(
        "/language/", {"csrfmiddlewaretoken": tokens[0], "language": "es", "next": "/advice/wait/"}
    )
    assert switched.status_code == 302
    assert "Consejo 2 de 7" in first.get("/advice/wait/").text


def test_signed_in_pages_are_rendered_live_and_never_stored(alice_client, visitor, guide):
    GuidePage.objects.all().delete()
    for path in ("/advice/", "/advice/wait/", "/advice/safety/"):
        assert 'action="/accounts/logout/"' in alice_client.get(path).text
    assert not GuidePage.objects.exists()
    assert 'action="/accounts/logout/"' not in page_html(visitor, "/advice/")


def test_a_visitors_message_is_rendered_live_and_never_stored(rf, guide):
    from advice.views import index

    GuidePage.objects.all().delete()
    request = rf.get("/advice/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._messages.add(constants.INFO, "Your account has been deleted.")
    assert "Your account has been deleted." in index(request).content.decode()
    assert not GuidePage.objects.exists()


def test_an_unknown_page_stores_nothing(visitor, guide):
    assert visitor.get("/advice/nope/").status_code == 404
    assert not GuidePage.objects.filter(page="nope").exists()


def test_a_missing_page_is_made_by_the_request_that_finds_it(
    visitor, guide, seen, django_assert_max_num_queries
):
    GuidePage.objects.all().delete()  # as after a failed remaking
    with django_assert_max_num_queries(10):  # the miss, the page's reads, storing it
        assert "Tip 2 of 7" in visitor.get("/advice/wait/").text
    assert "Tip 2 of 7" in seen("/advice/wait/")


def test_a_page_made_while_the_guide_changes_is_not_kept(visitor, guide, monkeypatch):
    """A write committing while a request makes a page forgot the pages before ours was
    stored; storing it then would bring back the old title until the next write."""
    GuidePage.objects.all().delete()
    make = pages.make

    def make_while_someone_edits(*args: Any, **kwargs: Any) -> GuidePage:
        page = make(*args, **kwargs)
        Tip.objects.filter(slug="wait", language="en").update(title="Hold on")
        return page

    monkeypatch.setattr(pages, "make", make_while_someone_edits)
    visitor.get("/advice/")
    monkeypatch.undo()
    assert "Hold on" in visitor.get("/advice/").text


# Releases --------------------------------------------------------------------------------


def test_a_page_stored_by_another_release_is_never_served(visitor, guide, seen):
    assert GuidePage.objects.update(release="0" * 32, html="made by the last release")
    assert "made by the last release" not in page_html(visitor, "/advice/")
    assert "made by the last release" not in seen("/advice/")


def test_a_new_version_is_a_new_release(visitor, guide, seen, monkeypatch):
    seen("/advice/")
    here = pages.release()
    monkeypatch.setattr(pages, "VERSION", pages.VERSION + ".1")
    assert pages.release() != here
    GuidePage.objects.update(html="made by the last version")
    assert "made by the last version" not in visitor.get("/advice/").text
    assert "made by the last version" not in seen("/advice/")


def test_every_migrate_forgets_every_stored_page(visitor, guide, seen):
    """A deploy may change templates, words or static files under the same version, and a
    data migration may rewrite tips past every write path: each migrates."""
    GuidePage.objects.update(html="made before the deploy")
    assert "made before the deploy" in seen("/advice/wait/")
    call_command("migrate", verbosity=0)
    assert not GuidePage.objects.exists()
    assert "made before the deploy" not in visitor.get("/advice/wait/").text
    assert "Tip 2 of 7" in seen("/advice/wait/")


def test_a_flush_forgets_every_stored_page_too(guide, seen):
    """flush (as tests that commit run between them) sends the signal without `apps`."""
    seen("/advice/wait/")
    assert GuidePage.objects.exists()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not GuidePage.objects.exists()


def test_while_developing_every_page_is_made_afresh(visitor, guide, settings):
    """An edited template shows at the next request, as it does everywhere under DEBUG."""
    GuidePage.objects.update(html="made before the template was edited")
    settings.DEBUG = True
    served = visitor.get("/advice/wait/")
    assert "Tip 2 of 7" in served.text and "before the template" not in served.text
    assert visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=served["ETag"]).status_code == 304
    assert GuidePage.objects.filter(html="made before the template was edited").count() > 1


def test_each_mount_point_has_its_own_pages():
    here = pages.release()
    with override_script_prefix("/app/"):
        assert pages.release() != here


# Every write path ------------------------------------------------------------------------


def _tip(slug: str = "wait") -> Tip:
    return Tip.objects.get(slug=slug, language="en")


def _line() -> SupportLine:
    return SupportLine.objects.get(name="Safe Line")


def _retitle(tip: Tip) -> None:
    tip.title = "Hold on"
    tip.save()


def _bulk_update_tip() -> None:
    tip = _tip()
    tip.title = "Hold on"
    Tip.objects.bulk_update([tip], ["title"])


def _bulk_create_tip() -> None:
    Tip.objects.bulk_create(
        [Tip(slug="hold-on", kind="tip", order=50, title="Hold on", summary="S.", body="B.")]
    )


# Each write, and a page besides the index that shows what it wrote.
TIP_WRITES = {
    "save": (lambda: _retitle(_tip()), "/advice/work-on-yourself/"),
    "create": (
        lambda: Tip.objects.create(
            slug="hold-on", kind="tip", order=50, title="Hold on", summary="S.", body="B."
        ),
        "/advice/you-dont-need-them/",
    ),
    "update": (lambda: Tip.objects.filter(slug="wait").update(title="Hold on"), "/advice/"),
    "bulk_create": (_bulk_create_tip, "/advice/you-dont-need-them/"),
    "bulk_update": (_bulk_update_tip, "/advice/work-on-yourself/"),
}


@pytest.mark.parametrize(("write", "other"), TIP_WRITES.values(), ids=TIP_WRITES.keys())
def test_a_tip_written_shows_on_every_page(
    guide, seen, write, other, django_capture_on_commit_callbacks
):
    assert "Hold on" not in seen("/advice/")
    with django_capture_on_commit_callbacks(execute=True):
        write()
    assert "Hold on" in seen("/advice/")
    assert "Hold on" in seen(other)


@pytest.mark.parametrize(
    "delete",
    [
        lambda: _tip("take-it-slow").delete(),
        lambda: Tip.objects.filter(slug="take-it-slow").delete(),
    ],
    ids=["delete", "queryset delete"],
)
def test_a_tip_deleted_leaves_every_page(
    visitor, guide, seen, delete, django_capture_on_commit_callbacks
):
    assert "/advice/take-it-slow/" in seen("/advice/")
    with django_capture_on_commit_callbacks(execute=True):
        delete()
    assert "/advice/take-it-slow/" not in seen("/advice/")
    assert "/advice/take-it-slow/" not in seen("/advice/be-honest/")  # its previous tip
    assert visitor.get("/advice/take-it-slow/").status_code == 404


def _rename_line() -> None:
    line = _line()
    line.name = "Safe Line, renamed"
    line.save()


def _bulk_update_line() -> None:
    line = _line()
    line.name = "Safe Line, renamed"
    SupportLine.objects.bulk_update([line], ["name"])


LINE_WRITES = {
    "save": (_rename_line, "Safe Line, renamed"),
    "update": (lambda: SupportLine.objects.update(name="Safe Line, renamed"), "Safe Line, renamed"),
    "bulk_update": (_bulk_update_line, "Safe Line, renamed"),
    "create": (
        lambda: SupportLine.objects.create(name="After", kind="breakup", phone="2"),
        "After",
    ),
    "bulk_create": (
        lambda: SupportLine.objects.bulk_create(
            [SupportLine(name="After", kind="breakup", phone="2")]
        ),
        "After",
    ),
    "delete": (lambda: _line().delete(), 'data-support-missing="safety"'),
    "queryset delete": (
        lambda: SupportLine.objects.all().delete(),
        'data-support-missing="safety"',
    ),
}


@pytest.mark.parametrize(("write", "shown"), LINE_WRITES.values(), ids=LINE_WRITES.keys())
def test_a_support_line_written_shows_on_the_safety_note(
    guide, seen, write, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        SupportLine.objects.create(name="Safe Line", kind="safety", phone="1")
    assert shown not in seen("/advice/safety/")
    with django_capture_on_commit_callbacks(execute=True):
        write()
    assert shown in seen("/advice/safety/")
    assert shown in seen("/advice/safety/", "es")
    seen("/advice/")  # the other pages were left stored as they were


def test_sync_advice_makes_the_pages_in_its_own_transaction(db, tmp_path, seen):
    source = "---\nslug: one\nkind: tip\norder: 1\ntitle: {title}\nsummary: S.\n---\nBody.\n"
    (tmp_path / "01-one.md").write_text(source.format(title="One"))
    call_command("sync_advice", "--dir", str(tmp_path), stdout=io.StringIO())
    assert "One" in seen("/advice/")
    (tmp_path / "01-one.md").write_text(source.format(title="One, revised"))
    call_command("sync_advice", "--dir", str(tmp_path), stdout=io.StringIO())
    assert "One, revised" in seen("/advice/")
    assert "One, revised" in seen("/advice/one/", "es")  # in English, where es has none


def test_a_sync_that_changes_nothing_makes_this_releases_pages(guide, seen):
    GuidePage.objects.update(release="0" * 32)  # a deploy: every row is the last release's
    call_command("sync_advice", stdout=io.StringIO())
    seen("/advice/wait/")
    assert not GuidePage.objects.filter(release="0" * 32).exists()


def _change_form(obj: Model, **changes: str) -> dict[str, Any]:
    data = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items() if k != "id"}
    return {**data, **changes}


def test_a_tip_edited_in_the_admin(admin_client, guide, seen, django_capture_on_commit_callbacks):
    tip = _tip()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/advice/tip/{tip.pk}/change/", _change_form(tip, title="Hold on")
        )
    assert response.status_code == 302
    assert "Hold on" in seen("/advice/")


def test_a_tip_deleted_in_the_admin(admin_client, guide, seen, django_capture_on_commit_callbacks):
    tip = _tip("take-it-slow")
    assert "/advice/take-it-slow/" in seen("/advice/")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/advice/tip/{tip.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Tip.objects.filter(pk=tip.pk).exists()
    assert "/advice/take-it-slow/" not in seen("/advice/")


def test_tips_deleted_in_bulk_in_the_admin(
    admin_client, guide, seen, django_capture_on_commit_callbacks
):
    pks = list(Tip.objects.filter(slug="take-it-slow").values_list("pk", flat=True))
    assert pks and "/advice/take-it-slow/" in seen("/advice/", "es")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/advice/tip/",
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )
    assert not Tip.objects.filter(slug="take-it-slow").exists()
    assert "/advice/take-it-slow/" not in seen("/advice/", "es")


def test_support_lines_in_the_admin(admin_client, guide, seen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/advice/supportline/add/",
            {"name": "Talk", "kind": "counselling", "phone": "0800 1", "url": "", "hours": "",
             "order": 1},
        )  # fmt: skip
    assert "Talk" in seen("/advice/safety/")
    line = SupportLine.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/advice/supportline/{line.pk}/change/", _change_form(line, name="Talk more")
        )
    assert "Talk more" in seen("/advice/safety/")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/advice/supportline/{line.pk}/delete/", {"post": "yes"})
    assert "Talk more" not in seen("/advice/safety/", "es")


# Transactions ----------------------------------------------------------------------------


def test_a_rolled_back_write_keeps_the_stored_pages(guide, seen):
    with pytest.raises(RuntimeError), transaction.atomic():
        assert Tip.objects.filter(slug="wait").update(title="Never")
        raise RuntimeError
    assert "Never" not in seen("/advice/")


def test_many_writes_in_one_transaction_make_the_pages_once(
    guide, seen, monkeypatch, django_capture_on_commit_callbacks
):
    made: list[Scope] = []
    remake = pages.remake

    def counted(scope: Scope) -> None:
        made.append(scope)
        remake(scope)

    monkeypatch.setattr(pages, "remake", counted)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _retitle(_tip("wait"))
        Tip.objects.filter(slug="be-honest").update(summary="Changed.")
        Tip.objects.filter(slug="take-it-slow").delete()
        SupportLine.objects.create(name="Safe Line", kind="safety", phone="1")
    assert made == ["guide"]  # the guide's remaking covers the safety note's too
    assert "Hold on" in seen("/advice/")
    assert "Safe Line" in seen("/advice/safety/")


def test_writes_in_separate_transactions_each_make_the_pages(
    guide, seen, django_capture_on_commit_callbacks
):
    for title in ("First", "Second"):
        with django_capture_on_commit_callbacks(execute=True):
            Tip.objects.filter(slug="wait").update(title=title)
        assert title in seen("/advice/")


def test_pages_made_for_one_mount_point_are_not_served_at_another(guide, visitor):
    with override_script_prefix("/app/"):
        pages.remake("guide")
        stored = pages.fetch("en", "wait")
        assert stored is not None
        assert stored.html.count('href="/app/advice/') > 0
    assert 'href="/app/' not in page_html(visitor, "/advice/wait/")


def test_the_marks_are_nowhere_in_the_guides_sources():
    content = Path(pages.__file__).parent / "content"
    sources = sorted(content.rglob("*.md"))
    assert sources, f"no guide sources in {content}"
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert pages.CSRF_MARK not in text and pages.NEXT_MARK not in text, path


# Across processes ------------------------------------------------------------------------


def test_two_servers_show_a_write_and_a_deploy_made_in_a_third_process(tmp_path):
    """The pages live in the database every process shares: a write, or a migrate, from
    another process reaches each gunicorn worker's next visitor, whichever answers."""
    env = {**production_env(tmp_path / "db.sqlite3"), "DJANGO_STATIC_ROOT": str(tmp_path / "s")}
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("sync_advice", env=env)

    def run(code: str) -> None:
        subprocess.run([PYTHON, "-c", f"import django; django.setup(); {code}"], cwd=ROOT, env=env,
                       check=True)  # fmt: skip

    with gunicorn(env, workers=2) as base:

        def pages_seen(path: str, times: int = 12) -> set[str]:
            """The `<title>` each of `times` new connections gets, spread over both workers."""
            url = urllib.parse.urlsplit(base)
            found = set()
            for _ in range(times):
                conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=10)
                conn.request("GET", path)
                response = conn.getresponse()
                assert response.status == 200
                found.add(search(r"<h1[^>]*>([^<]*)<", response.read().decode(), 1).strip())
                conn.close()
            return found

        before = pages_seen("/advice/wait/")
        assert len(before) == 1 and "Hold on" not in before.pop()
        run(
            "from advice.models import Tip; Tip.objects.filter(slug='wait').update(title='Hold on')"
        )
        assert pages_seen("/advice/wait/") == {"Hold on"}
        run(
            "from advice.models import GuidePage;"
            "GuidePage.objects.update(html='<h1>Made by the last deploy</h1>')"
        )
        assert pages_seen("/advice/wait/") == {"Made by the last deploy"}  # as the store holds
        manage("migrate", "--noinput", "-v0", env=env)
        assert pages_seen("/advice/wait/") == {"Hold on"}
