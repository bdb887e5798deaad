"""The translation catalogues' state: what is still to translate, and stale .mo files.

`python -m reconnect.lib.catalogues` lists, for each language in locale/, every message that is
untranslated or fuzzy (new or changed since it was translated) and every .mo that no
longer matches its .po; it exits 1 when there is any. The tests use the same functions.
"""

from __future__ import annotations

import gettext
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAINS = ("django", "djangojs")


@dataclass
class Report:
    po: Path
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    stale_mo: bool = False


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every .po file under locale/, one per language and domain."""
    return sorted(
        path for domain in DOMAINS for path in locale_dir.glob(f"*/LC_MESSAGES/{domain}.po")
    )


def read(po: Path) -> Catalog:
    with po.open("rb") as handle:
        return read_po(handle)


def _msgid(message: Message) -> str:
    return str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def expected_translations(catalog: Catalog) -> dict[str, str]:
    """What a .mo compiled from `catalog` must hold: each translated, settled message.

    Keyed as gettext keys them: "context\\x04msgid", and plural forms as "msgid\\x00n".
    """
    found: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not _translated(message):
            continue
        prefix = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            for index, string in enumerate(message.string or ()):
                found[f"{prefix}{message.id[0]}\x00{index}"] = str(string)
        else:
            found[f"{prefix}{message.id}"] = str(message.string)
    return found


def compiled_translations(mo: Path) -> dict[str, str]:
    """What a .mo file holds, in the same keys as `expected_translations`."""
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    found: dict[str, str] = {}
    for key, value in translations._catalog.items():  # type: ignore[attr-defined]
        if isinstance(key, tuple):
            found[f"{key[0]}\x00{key[1]}"] = value
        elif key:  # the header
            found[key] = value
    return found


def report(po: Path) -> Report:
    """What is left to do in one catalogue."""
    catalog = read(po)
    result = Report(po=po)
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            result.fuzzy.append(_msgid(message))
        elif not _translated(message):
            result.untranslated.append(_msgid(message))
    mo = po.with_suffix(".mo")
    result.stale_mo = not mo.exists() or compiled_translations(mo) != expected_translations(catalog)
    return result


def main() -> int:
    trouble = False
    for po in catalogues():
        found = report(po)
        name = po.relative_to(LOCALE_DIR.parent)
        print(f"{name}: {len(found.untranslated)} untranslated, {len(found.fuzzy)} fuzzy")
        for text in found.untranslated:
            print(f"  untranslated: {text!r}")
        for text in found.fuzzy:
            print(f"  fuzzy: {text!r}")
        if found.stale_mo:
            print(f"  {po.with_suffix('.mo').name} is stale: run make messages")
        trouble |= bool(found.untranslated or found.fuzzy or found.stale_mo)
    return 1 if trouble else 0


if __name__ == "__main__":
    sys.exit(main())
