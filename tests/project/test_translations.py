"""The Spanish catalogue is complete and compiled, and no page has a word left unwrapped."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

from reconnect.lib import catalogues

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"

# Names, not words: the same in every language.
NOT_WORDS = {"Reconnect"}
# Attributes whose values people read (or hear, from a screen reader).
READ_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "aria-description")
HOLE = "\x00"  # where a template tag or variable stood


def untranslated_text(source: str) -> list[str]:
    """Words in a template that a person would read and that no translate tag wraps.

    Every tag and variable becomes a hole, translated blocks included; then what is left
    between HTML tags, and in the attributes people read, must hold no letters.
    """
    text = untranslated_markup(source)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    found: list[str] = []
    for tag in re.findall(r"<[^>]*>", text):
        for name in READ_ATTRIBUTES:
            found += re.findall(rf'\s{name}="([^"]*)"', tag)
    found += re.split(r"<[^>]*>", text)
    return [words for piece in found if (words := words_in(piece))]


def untranslated_markup(source: str) -> str:
    """The template with a hole for every tag and variable, and for whatever stands in a
    {% blocktranslate %} or a {% comment %}: the HTML and text left to read."""
    pieces: list[str] = []
    depth = 0  # inside {% blocktranslate %}…{% endblocktranslate %}
    skip = 0  # inside {% comment %}
    for token in Lexer(source).tokenize():
        content = token.contents.split()[0] if token.contents.strip() else ""
        if token.token_type == TokenType.BLOCK:
            if content in ("blocktranslate", "blocktrans"):
                depth += 1
            elif content in ("endblocktranslate", "endblocktrans"):
                depth -= 1
            elif content == "comment":
                skip += 1
            elif content == "endcomment":
                skip -= 1
            pieces.append(HOLE)
        elif token.token_type == TokenType.TEXT and not depth and not skip:
            pieces.append(token.contents)
        else:
            pieces.append(HOLE)
    return "".join(pieces)


def words_in(piece: str) -> str:
    """The words a person would read in a piece of text between tags, or "" for none."""
    piece = re.sub(r"&[#\w]+;", " ", piece).replace(HOLE, " ")
    for name in NOT_WORDS:
        piece = piece.replace(name, " ")
    # A class name filled into a block ("btn-danger") is markup, not words.
    if re.fullmatch(r"\s*[a-z0-9]+(?:[-_][a-z0-9]+)+\s*", piece):
        return ""
    if re.search(r"[^\W\d_]", piece):
        return " ".join(piece.split())
    return ""


def test_every_template_string_is_wrapped():
    unwrapped = {
        str(path.relative_to(ROOT)): words
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".txt")
        if (words := untranslated_text(path.read_text(encoding="utf-8")))
    }
    assert unwrapped == {}


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ('<p>{% translate "Hello" %}</p>', []),
        ("<p>Hello</p>", ["Hello"]),
        ("<a href=\"{% url 'x' %}\">Go on</a>", ["Go on"]),
        ('<img alt="A chart" src="x">', ["A chart"]),
        ("<img alt=\"{% translate 'A chart' %}\">", []),
        ("{% blocktranslate %}Tip {{ n }} of 7{% endblocktranslate %}", []),
        ("{% comment %}A note for developers{% endcomment %}", []),
        ("<script>var words = 1;</script><p> · 12 — {{ x }}, </p>", []),
        ("<span>Reconnect</span>&nbsp;", []),
        ("{% block button_class %}btn-danger{% endblock %}", []),
        ("Reset your password", ["Reset your password"]),
    ],
)
def test_the_check_finds_only_bare_words(source, words):
    assert untranslated_text(source) == words


@pytest.mark.parametrize("po", catalogues.catalogues(), ids=lambda p: p.parts[-3])
def test_no_message_is_untranslated_or_fuzzy(po):
    found = catalogues.report(po)
    assert found.untranslated == []
    assert found.fuzzy == []


@pytest.mark.parametrize("po", catalogues.catalogues(), ids=lambda p: p.parts[-3])
def test_each_compiled_catalogue_matches_its_source(po):
    assert not catalogues.report(po).stale_mo, f"{po.with_suffix('.mo')} is stale: make messages"


def test_there_is_a_spanish_catalogue():
    assert ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po" in catalogues.catalogues()


def test_a_stale_mo_is_noticed(tmp_path):
    po = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello"\nmsgstr "Hola"\n',
        encoding="utf-8",
    )
    assert catalogues.report(po).stale_mo  # no .mo at all
    from babel.messages.mofile import write_mo

    with po.with_suffix(".mo").open("wb") as out:
        write_mo(out, catalogues.read(po))
    assert not catalogues.report(po).stale_mo
    po.write_text(po.read_text(encoding="utf-8").replace("Hola", "Buenas"), encoding="utf-8")
    assert catalogues.report(po).stale_mo


def test_fuzzy_and_empty_messages_are_counted(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Done"\nmsgstr "Hecho"\n\n'
        'msgid "New"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Changed"\nmsgstr "Cambiado"\n',
        encoding="utf-8",
    )
    found = catalogues.report(po)
    assert found.untranslated == ["New"]
    assert found.fuzzy == ["Changed"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_the_catalogue_holds_every_string_in_the_code(tmp_path):
    """Extracting afresh finds nothing the catalogue lacks: new words were not forgotten."""
    work = tmp_path / "project"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "tests", "docs", "staticfiles", "media", "*.sqlite3*"
        ),
        symlinks=True,
    )
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=work,
        check=True,
        capture_output=True,
    )
    fresh = {m.id for m in catalogues.read(work / "locale/es/LC_MESSAGES/django.po") if m.id}
    kept = {m.id for m in catalogues.read(ROOT / "locale/es/LC_MESSAGES/django.po") if m.id}
    assert fresh - kept == set(), "run make messages-extract, then translate what is new"
