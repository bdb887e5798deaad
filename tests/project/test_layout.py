"""The README's Layout names every module of app code where it is."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("reconnect", "journal", "advice")
DESCRIPTION_COLUMN = 31  # where a line's words start; a line indented this far continues one


def layout_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1].strip("\n").splitlines()


def named_paths() -> set[str]:
    """Every path the Layout names: top-level files, then a tree of folders and modules."""
    top, *tree = layout_block()
    paths = set(top.split())
    folders: list[tuple[int, str]] = []  # (indent, path) of the folders enclosing a line
    for line in tree:
        indent = len(line) - len(line.lstrip())
        if not line.strip() or indent >= DESCRIPTION_COLUMN:
            continue
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        while folders and folders[-1][0] >= indent:
            folders.pop()
        parent = folders[-1][1] if folders else ""
        for name in (n.strip() for n in names.split(",")):
            paths.add(parent + name)
            if name.endswith("/"):
                folders.append((indent, parent + name))
    return paths


def app_modules() -> set[str]:
    return {
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    }


def test_every_path_it_names_exists():
    missing = sorted(p for p in named_paths() if not (ROOT / p).exists())
    assert missing == [], f"The README's Layout names paths that do not exist: {missing}"


def test_it_names_every_module():
    unnamed = sorted(app_modules() - named_paths())
    assert unnamed == [], f"Modules the README's Layout does not name: {unnamed}"


def test_the_parser_reads_nesting():
    paths = named_paths()
    assert "journal/readiness/rules.py" in paths
    assert "reconnect/management/commands/backup.py" in paths
    assert "journal/rules.py" not in paths
