"""Markup is drawn by templates or by format_html, which escapes for us: no app code marks
a string safe that it escaped (or forgot to escape) by hand."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("reconnect", "journal", "advice")
ESCAPING = {"format_html", "format_html_join"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def hand_marked(source: str, *, in_template_tag: bool) -> list[int]:
    """The lines of `source` that mark a string safe themselves: any mark_safe() or
    SafeString() of something but a literal, or in a template tag, a mark_safe() of
    anything but format_html's output."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name, arg = _name(node.func), node.args[0] if node.args else None
        if name == "mark_safe":
            wraps_format_html = isinstance(arg, ast.Call) and _name(arg.func) in ESCAPING
            if not (in_template_tag and wraps_format_html):
                found.append(node.lineno)
        elif name == "SafeString" and not (isinstance(arg, ast.Constant) and len(node.args) == 1):
            found.append(node.lineno)
    return found


def test_no_app_code_marks_html_safe_by_hand():
    files = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert len(files) > 100
    marked = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in files
        for line in hand_marked(
            path.read_text(encoding="utf-8"), in_template_tag="templatetags" in path.parts
        )
    }
    assert marked == set()


def test_it_sees_each_way_of_marking_by_hand():
    code = (
        "from django.utils.safestring import SafeString, mark_safe\n"
        "a = mark_safe('<b>' + escape(x) + '</b>')\n"
        "b = safestring.mark_safe(format_html('<b>{}</b>', x))\n"
        "c = SafeString(''.join(parts))\n"
        "d = SafeString('')\n"
    )
    assert hand_marked(code, in_template_tag=False) == [2, 3, 4]
    # A template tag may wrap format_html's output, which is escaped already, and nothing else.
    assert hand_marked(code, in_template_tag=True) == [2, 4]
