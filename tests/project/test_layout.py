"""The architecture's map names every module of app code where it is, and the apps import
nothing of the project package but its shared room."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("reconnect", "journal", "advice")
DESCRIPTION_COLUMN = 31  # where a line's words start; a line indented this far continues one


def layout_block() -> list[str]:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Map", 1)[1].split("\n## ", 1)[0]
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
    """Every module, every __init__.py that holds more than a docstring's line, and every
    template include (named _*.html, or in includes/)."""
    modules = {
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (path.name != "__init__.py" or path.stat().st_size > 0)
    }
    includes = {
        path
        for folder in (ROOT / "templates", *(ROOT / app for app in APPS))
        for path in folder.rglob("*.html")
        if path.name.startswith("_") or path.parent.name == "includes"
    }
    return {str(path.relative_to(ROOT)) for path in modules | includes}


def project_imports(path: Path) -> list[str]:
    """The modules of the project package a file imports at run time (not for types only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = [ast.Pass()]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return [n for n in names if n == "reconnect" or n.startswith("reconnect.")]


def test_every_path_it_names_exists():
    missing = sorted(p for p in named_paths() if not (ROOT / p).exists())
    assert missing == [], f"The map names paths that do not exist: {missing}"


def test_it_names_every_module():
    unnamed = sorted(app_modules() - named_paths())
    assert unnamed == [], f"Modules the map does not name: {unnamed}"


def test_the_parser_reads_nesting():
    paths = named_paths()
    assert "journal/readiness/rules.py" in paths
    assert "reconnect/ops/management/commands/backup.py" in paths
    assert "journal/rules.py" not in paths


def test_the_apps_import_only_the_shared_room_of_the_project():
    files = [path for app in ("journal", "advice") for path in (ROOT / app).rglob("*.py")]
    assert len(files) > 50
    wrong = {
        str(path.relative_to(ROOT)): name
        for path in files
        for name in project_imports(path)
        if not name.startswith("reconnect.lib")
    }
    assert wrong == {}


def test_the_shared_room_imports_no_app():
    files = list((ROOT / "reconnect" / "lib").rglob("*.py"))
    assert len(files) > 10
    wrong = {
        str(path.relative_to(ROOT)): line
        for path in files
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(from|import) (journal|advice|reconnect\.(accounts|ops|home))\b", line)
    }
    assert wrong == {}


def test_the_import_check_sees_imports_and_skips_type_only_ones():
    assert project_imports(ROOT / "journal" / "rows.py") == ["reconnect.lib.templatetags.look"]
    assert project_imports(ROOT / "journal" / "auth.py") == []
