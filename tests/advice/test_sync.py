from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from advice.models import Tip
from tests.markup import inert

SOURCE = """---
slug: {slug}
kind: tip
order: {order}
title: {title}
summary: A summary.
---
{body}
"""


def sync(directory: Path | None = None) -> str:
    out = io.StringIO()
    args = ["--dir", str(directory)] if directory else []
    call_command("sync_advice", *args, stdout=out)
    return out.getvalue()


def write(
    directory: Path, slug: str, order: int = 1, title: str = "Title", body: str = "Body."
) -> None:
    (directory / f"{order:02d}-{slug}.md").write_text(
        SOURCE.format(slug=slug, order=order, title=title, body=body)
    )


@pytest.mark.django_db
def test_the_real_guide_loads_and_a_second_run_changes_nothing():
    first = sync()
    assert "added wait" in first
    assert "added wait (es)" in first
    assert Tip.objects.filter(kind="tip", language="en").count() == 7
    assert Tip.objects.filter(kind="tip", language="es").count() == 7
    before = list(Tip.objects.values_list("slug", "updated"))
    assert "Nothing changed: 9 pages are up to date, 9 in es." in sync()
    assert list(Tip.objects.values_list("slug", "updated")) == before


@pytest.mark.django_db
def test_it_updates_changed_pages_and_removes_missing_ones(tmp_path):
    write(tmp_path, "one", 1)
    write(tmp_path, "two", 2)
    sync(tmp_path)
    write(tmp_path, "one", 1, title="One, revised")
    (tmp_path / "02-two.md").unlink()
    output = sync(tmp_path)
    assert "updated one" in output
    assert "removed two" in output
    assert list(Tip.objects.values_list("slug", "title")) == [("one", "One, revised")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "no front matter"),
        ("---\nslug: x\n---\nbody", "missing kind, order, title, summary"),
        ("---\nslug x\n---\nbody", "expected 'key: value'"),
        ("---\nslug: x\nkind: tip\norder: first\ntitle: t\nsummary: s\n---\nb", "whole number"),
    ],
)
def test_a_broken_source_changes_nothing(tmp_path, text, message):
    write(tmp_path, "fine", 1)
    (tmp_path / "02-broken.md").write_text(text)
    with pytest.raises(CommandError, match=message):
        sync(tmp_path)
    assert not Tip.objects.exists()


@pytest.mark.django_db
def test_duplicate_slugs_are_refused(tmp_path):
    write(tmp_path, "same", 1)
    write(tmp_path, "same", 2)
    with pytest.raises(CommandError, match="same slug"):
        sync(tmp_path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "[click me](javascript:alert(1))",
    ],
)
def test_dangerous_markup_in_a_source_never_reaches_a_page(tmp_path, client, payload):
    write(tmp_path, "evil", 1, body=f"Hello.\n\n{payload}\n")
    sync(tmp_path)
    html = client.get("/advice/evil/").text
    assert inert(html.split('id="main"')[1].split("</main>")[0])
