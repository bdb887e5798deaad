"""Secrets stay out of logs: reset links, reminders, the calendar feed's address."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import TextIO, cast

import pytest
import time_machine
from django.core.mail import send_mail
from django.core.management import call_command
from gunicorn.config import Config
from gunicorn.glogging import SafeAtoms
from gunicorn.http.message import Request
from gunicorn.http.wsgi import Response
from pytest_django import Settings

from journal.models import Reminder, WaitingPeriod
from reconnect.lib.logs import GunicornLogger, HideSecrets, hide_secrets
from reconnect.lib.mail import mail_is_set_up

ROOT = Path(__file__).resolve().parents[2]
NOT_SET_UP = "reconnect.lib.mail.NotSetUpBackend"
CANARY = "canary-label-for-jordan"


@pytest.fixture
def no_mail(settings: Settings) -> None:
    settings.EMAIL_BACKEND = NOT_SET_UP


def test_without_mail_the_reset_page_says_so(visitor, alice, no_mail, caplog):
    page = visitor.get("/accounts/password_reset/")
    assert page.status_code == 200
    assert "Email is not set up on this server" in page.text
    assert 'name="email"' not in page.text
    with caplog.at_level(logging.DEBUG):
        response = visitor.post("/accounts/password_reset/", {"email": "alice@example.org"})
    assert "Email is not set up on this server" in response.text
    # No mail is tried, so nothing is logged at all: the reset link least of all.
    assert [record.getMessage() for record in caplog.records] == []


def test_without_mail_a_mail_is_one_line_in_the_log(no_mail, caplog):
    with caplog.at_level(logging.DEBUG):
        sent = send_mail("Subject", "http://x/accounts/reset/abc/", None, ["alice@example.org"])
    assert sent == 0
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["A mail could not be sent: email is not set up on this server."]


def test_the_reset_email_names_the_account(visitor, alice, mailoutbox):
    visitor.post("/accounts/password_reset/", {"email": "alice@example.org"})
    assert 'the Reconnect account "alice".' in mailoutbox[0].body


def test_send_reminders_without_mail_prints_no_period_name(alice, no_mail, capsys, caplog):
    alice.email_reminders = True
    alice.save()
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    WaitingPeriod.objects.create(
        user=alice, label=CANARY, start=start.date(), days=30, started_at=start
    )
    out, err = io.StringIO(), io.StringIO()
    with time_machine.travel(start + dt.timedelta(days=8)), caplog.at_level(logging.DEBUG):
        call_command("send_reminders", stdout=out, stderr=err)
    printed = out.getvalue() + err.getvalue() + "".join(capsys.readouterr())
    assert "Email is not set up" in printed
    assert CANARY not in printed
    assert [r.getMessage() for r in caplog.records] == []  # said in its output, not logged
    assert not Reminder.objects.exists()  # sent once mail is set up


def console_handler() -> logging.StreamHandler[TextIO]:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and any(
            isinstance(f, HideSecrets) for f in handler.filters
        ):
            return handler
    raise AssertionError("no log handler hides secrets")


def test_a_wrong_calendar_token_is_not_logged(visitor, alice, settings):
    settings.DEBUG = False
    handler = console_handler()
    stream, old = io.StringIO(), handler.stream
    handler.setStream(stream)
    try:
        token = "retired-token-" + "x" * 30
        assert visitor.get(f"/journal/calendar/{token}.ics").status_code == 404
        assert visitor.get(f"/journal/calendar/{alice.calendar_token}.ics").status_code == 200
    finally:
        handler.setStream(old)
    logged = stream.getvalue()
    assert "Not Found: /journal/calendar/[hidden]" in logged
    assert token not in logged
    assert alice.calendar_token not in logged


def test_the_access_log_hides_the_calendar_token():
    """The access-log format `make serve` uses, through the logger class it names."""
    makefile = (ROOT / "Makefile").read_text()
    assert "--logger-class reconnect.lib.logs.GunicornLogger" in makefile
    log_format = makefile.split("--access-logformat '")[1].split("'")[0]
    token = "Zx9" * 14
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/journal/calendar/{token}.ics?x=1",
        "PATH_INFO": f"/journal/calendar/{token}.ics",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://example.org/journal/calendar/{token}.ics",
    }
    # Stand-ins with the attributes atoms() reads from gunicorn's request and response.
    response = cast(Response, SimpleNamespace(status="200 OK", sent=10, headers=[]))
    request = cast(Request, SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])]))
    atoms = GunicornLogger(Config()).atoms(response, request, environ, dt.timedelta(milliseconds=5))
    line = log_format % SafeAtoms(dict(atoms))
    assert "/journal/calendar/[hidden]" in line
    assert all(token not in str(value) for value in atoms.values())


def test_the_gunicorn_error_log_hides_the_calendar_token():
    logger = GunicornLogger(Config())
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.error_log.addHandler(handler)
    try:
        logger.error("Error handling request %s", "/journal/calendar/Zx9Zx9Zx9.ics")
    finally:
        logger.error_log.removeHandler(handler)
    assert stream.getvalue() == "Error handling request /journal/calendar/[hidden]\n"


@pytest.mark.parametrize(
    ("backend", "set_up"),
    [
        (NOT_SET_UP, False),
        ("django.core.mail.backends.locmem.EmailBackend", True),
        ("django.core.mail.backends.console.EmailBackend", True),
        ("django.core.mail.backends.smtp.EmailBackend", True),
    ],
)
def test_one_answer_to_whether_mail_is_set_up(db, settings, backend, set_up):
    """The reset page and the reminders command both ask `mail_is_set_up`."""
    settings.EMAIL_BACKEND = backend
    assert mail_is_set_up() is set_up
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert ("Email is not set up" in out.getvalue()) is not set_up


TOKEN = "Qw7-abc_DEF123xyz456uvw"


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (f"Not Found: /journal/calendar{TOKEN}.ics", "Not Found: /journal/[hidden].ics"),
        (
            f"Not Found: /journal/calendar;x/{TOKEN}.ics",
            "Not Found: /journal/calendar;x/[hidden].ics",
        ),
        (f"Not Found: /{TOKEN}.ics", "Not Found: /[hidden].ics"),
        (f"Not Found: /%{TOKEN}", "Not Found: /%[hidden]"),
        (
            "Not Found: /accounts/password_reset/MQ/cd2x8k-0123456789abcdef0123456789abcdef/",
            "Not Found: /accounts/password_reset/[hidden]/",
        ),
        (
            f"Invalid HTTP Version: '{TOKEN}.ics HTTP/1.1'",
            "Invalid HTTP Version: '[hidden].ics HTTP/1.1'",
        ),
        ("Not Found: /advice/wait/", "Not Found: /advice/wait/"),
        ("Not Found: /static/css/app.3f2a1b9c0d.css", "Not Found: /static/css/app.3f2a1b9c0d.css"),
    ],
)
def test_a_token_like_word_is_hidden_on_any_path(line, shown):
    assert hide_secrets(line) == shown
