"""`make bench` writes its own section of docs/performance.md and nothing else."""

from __future__ import annotations

import pytest

from tests.benchmarks.pages import END, START, with_section
from tests.liveserver import ROOT


def test_it_replaces_only_what_lies_between_its_markers():
    document = f"# Performance\n\nBy hand.\n\n{START}\nthe old run\n{END}\n\n## After\n"
    written = with_section(document, "the new run\n")
    assert written == f"# Performance\n\nBy hand.\n\n{START}\nthe new run\n{END}\n\n## After\n"
    # Written again, it is the same: nothing piles up.
    assert with_section(written, "the new run") == written


@pytest.mark.parametrize(
    "document", ["no markers", f"{START} only", f"{END} only", f"{END} backwards {START}"]
)
def test_a_document_without_its_markers_is_a_clear_stop(document):
    with pytest.raises(SystemExit, match="bench:start"):
        with_section(document, "the new run")


def test_the_performance_page_has_its_markers():
    text = (ROOT / "docs" / "performance.md").read_text()
    assert text.count(START) == 1 and text.count(END) == 1
    assert text.index(START) < text.index(END)
    assert "Measured by `make bench`" in text[text.index(START) : text.index(END)]


def test_it_collects_the_static_files_before_it_makes_the_guides_pages(monkeypatch):
    from tests.benchmarks import pages

    commands: list[str] = []

    def manage(*args: str, env: dict[str, str]) -> str:
        commands.append(args[0])
        return ""

    class Done:
        stdout = "tip the-first-tip\n"

    monkeypatch.setattr(pages, "manage", manage)
    monkeypatch.setattr("subprocess.run", lambda *args, **kwargs: Done())
    assert pages.prepare({}) == {"tip": "the-first-tip"}
    assert commands.index("collectstatic") < commands.index("sync_advice")
