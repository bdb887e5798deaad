"""Every format, with arbitrary Unicode (lone surrogates and NUL included) in every text:
the import either keeps the text exactly or says which entry it cannot store, never a
500, and a refused file saves nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import formats
from journal.models import Entry

from .conftest import zip_of

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Every code point, surrogates too, and the characters formats treat specially.
anything = st.text(
    st.one_of(st.characters(), st.sampled_from(list("\x00\ud800\udfff\\*#@[]-_%\n\r\t\u2028"))),
    min_size=1,
    max_size=40,
)


def own_json(title: str, body: str, tag: str) -> tuple[str, bytes]:
    entry = {"day": "2026-03-01", "title": title, "body": body, "tags": [tag]}
    return "x.json", json.dumps({"schema": "reconnect/1", "entries": [entry]}).encode()


def jrnl_json(title: str, body: str, tag: str) -> tuple[str, bytes]:
    entry = {"date": "2026-03-01", "time": "09:00", "title": title, "body": body, "tags": [tag]}
    return "j.json", json.dumps({"entries": [entry]}).encode()


def day_one(title: str, body: str, tag: str) -> tuple[str, bytes]:
    entry = {"uuid": "U", "creationDate": "2026-03-01T09:00:00Z", "text": f"# {title}\n{body}",
             "tags": [tag]}  # fmt: skip
    return "d.zip", zip_of({"Journal.json": json.dumps({"metadata": {}, "entries": [entry]})})


def markdown(title: str, body: str, tag: str) -> tuple[str, bytes]:
    meta = yaml.safe_dump({"title": title, "day": "2026-03-01", "tags": [tag]}, allow_unicode=True)
    text = f"---\n{meta}---\n\n{body}"
    return "m.zip", zip_of({"entries/a.md": text.encode("utf-8", "surrogatepass")})


def spreadsheet(title: str, body: str, tag: str) -> tuple[str, bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([["day", "title", "body", "tags"], ["2026-03-01", title, body, tag]])
    return "c.csv", out.getvalue().encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("make", [own_json, jrnl_json, day_one, markdown, spreadsheet])
@EXAMPLES
@given(title=anything, body=anything, tag=anything)
def test_any_text_is_kept_or_refused_by_entry(alice, make, title, body, tag):
    name, data = make(title, body, tag)
    with transaction.atomic():
        try:
            outcome = formats.import_file(name, data, alice)
        except formats.ImportProblem as problem:
            assert str(problem)
            assert not Entry.objects.filter(user=alice).exists()
            unstorable = any(c == "\x00" or "\ud800" <= c <= "\udfff" for c in title + body + tag)
            if unstorable and "can't be stored" in str(problem):
                assert str(problem).startswith("Entry 1")
        else:
            assert outcome.added == 1
            entry = Entry.objects.get(user=alice)
            assert not any(
                "\ud800" <= c <= "\udfff" or c == "\x00" for c in entry.title + entry.body
            )
            if make is own_json:
                assert (entry.title, entry.body) == (
                    title,
                    body.replace("\r\n", "\n").replace("\r", "\n"),
                )
        transaction.set_rollback(True)
