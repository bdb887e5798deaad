"""Load the guide's Markdown sources into the database; safe to run any number of times."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from advice.content import CONTENT_DIR, ORIGINAL, ContentError, load_languages
from advice.models import Tip
from advice.pages import remake


class Command(BaseCommand):
    help = (
        "Load advice/content/*.md, and each translation in advice/content/<language>/, "
        "into the guide: adds, updates and removes pages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=CONTENT_DIR, help="the sources' folder")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            languages = load_languages(options["dir"], [code for code, _name in settings.LANGUAGES])
        except ContentError as error:
            raise CommandError(f"Nothing changed: {error}") from error
        existing = {(tip.slug, tip.language): tip for tip in Tip.objects.all()}
        changes = []
        for language, sources in languages.items():
            suffix = "" if language == ORIGINAL else f" ({language})"
            for source in sources:
                values = {**dataclasses.asdict(source), "language": language}
                tip = existing.pop((source.slug, language), None)
                if tip is None:
                    Tip.objects.create(**values)
                    changes.append(f"added {source.slug}{suffix}")
                elif any(getattr(tip, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(tip, name, value)
                    tip.save()
                    changes.append(f"updated {source.slug}{suffix}")
        for (slug, language), tip in existing.items():
            tip.delete()
            changes.append(f"removed {slug}" + ("" if language == ORIGINAL else f" ({language})"))
        # The visitors' pages, made in this transaction: they commit with the changes, and
        # a deploy's new release (new templates, words, static names) has its pages ready
        # before the first visitor asks, even when no page changed.
        remake("guide")
        for change in changes:
            self.stdout.write(change)
        pages = len(languages[ORIGINAL])
        translated = "".join(
            f", {len(sources)} in {language}"
            for language, sources in languages.items()
            if language != ORIGINAL
        )
        if changes:
            self.stdout.write(
                self.style.SUCCESS(f"{len(changes)} change(s), {pages} pages{translated}.")
            )
        else:
            self.stdout.write(f"Nothing changed: {pages} pages are up to date{translated}.")
