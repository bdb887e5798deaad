"""Load the guide's Markdown sources into the database; safe to run any number of times."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from advice.content import CONTENT_DIR, ContentError, load
from advice.models import Tip


class Command(BaseCommand):
    help = "Load advice/content/*.md into the guide: adds, updates and removes pages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=CONTENT_DIR, help="the sources' folder")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            sources = load(options["dir"])
        except ContentError as error:
            raise CommandError(f"Nothing changed: {error}") from error
        existing = {tip.slug: tip for tip in Tip.objects.all()}
        changes = []
        for source in sources:
            values = dataclasses.asdict(source)
            tip = existing.pop(source.slug, None)
            if tip is None:
                Tip.objects.create(**values)
                changes.append(f"added {source.slug}")
            elif any(getattr(tip, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(tip, name, value)
                tip.save()
                changes.append(f"updated {source.slug}")
        for slug, tip in existing.items():
            tip.delete()
            changes.append(f"removed {slug}")
        for change in changes:
            self.stdout.write(change)
        if changes:
            self.stdout.write(
                self.style.SUCCESS(f"{len(changes)} change(s), {len(sources)} pages.")
            )
        else:
            self.stdout.write(f"Nothing changed: {len(sources)} pages are up to date.")
