"""Seal every record stored before sealing, in batches: each batch commits on its own, so
a migrate that stops half-way starts again where it stopped, and a record already sealed
is never sealed twice. Prints a line as it goes: a large journal takes a while."""

from __future__ import annotations

import sys
from typing import Any

from django.db import migrations, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Q

from reconnect.lib import sealing

BATCH = 500
SEALED_PREFIXES = (sealing.BY_DATA_KEY, sealing.BY_PUBLIC_KEY)

# model: (the path to its owner's id, its sealed text fields, its sealed yes/no fields)
SEALED: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Entry": ("user_id", ("title", "body", "body_html"), ()),
    "EntryDraft": ("user_id", ("title", "body"), ()),
    "Change": ("user_id", ("name", "notes"), ()),
    "Tag": ("user_id", ("name",), ()),
    "WaitingPeriod": ("user_id", ("label", "purpose"), ()),
    "Reset": ("period__user_id", ("note",), ()),
    "Urge": ("user_id", ("message", "trigger_note"), ()),
    "ReasonToWait": ("user_id", ("text",), ()),
    "LogisticsContact": ("period__user_id", ("note",), ()),
    "Situation": ("user_id", ("slow_plan",), ("asked_no_contact", "safety_concern")),
    "ImportJob": ("user_id", ("name",), ()),
}
USER_FIELDS = ("friend_name", "friend_email", "display_name", "callback_phone")


def say(text: str) -> None:
    if "pytest" not in sys.modules:
        print(f"\n  {text}", end="", flush=True)


def anything_to_seal(apps: StateApps) -> bool:
    users = apps.get_model("reconnect", "User").objects
    return bool(users.exists())


def unsealed(fields: tuple[str, ...]) -> Q:
    """Rows with a field that holds plain text (not empty, not sealed)."""
    query = Q()
    for name in fields:
        query |= ~Q(**{name: ""}) & ~Q(**{f"{name}__startswith": sealing.BY_DATA_KEY})
    return query


def raw_bool(value: object) -> bool:
    return str(value).lower() in ("1", "true", "t")


def seal_model(apps: StateApps, name: str) -> None:
    owner_path, texts, flags = SEALED[name]
    model = apps.get_model("journal", name)
    todo = model.objects.filter(unsealed(texts)) if texts else model.objects.none()
    if flags:
        todo = model.objects.exclude(**{f"{flags[0]}__startswith": sealing.BY_DATA_KEY})
    total = todo.count()
    done = 0
    while done < total:
        with transaction.atomic():
            rows = list(todo.values_list("pk", owner_path, *texts, *flags)[:BATCH])
            if not rows:
                break
            for pk, owner, *values in rows:
                fields: dict[str, Any] = {}
                for field, value in zip(texts, values, strict=False):
                    if value and not value.startswith(SEALED_PREFIXES):
                        fields[field] = sealing.seal(owner, value)
                for field, value in zip(flags, values[len(texts) :], strict=True):
                    if not str(value).startswith(SEALED_PREFIXES):
                        fields[field] = sealing.seal(owner, "1" if raw_bool(value) else "0")
                if fields:
                    model.objects.filter(pk=pk).update(**fields)
        done += len(rows)
        say(f"Sealed {done:,} of {total:,} {model._meta.verbose_name_plural}.")


def seal_users(apps: StateApps) -> None:
    user_model = apps.get_model("reconnect", "User")
    for pk in user_model.objects.filter(wrapped_key="").values_list("pk", flat=True).iterator():
        public, wrapped = sealing.new_key_pair()
        user_model.objects.filter(pk=pk, wrapped_key="").update(
            public_key=public, wrapped_key=wrapped
        )
    for pk, *values in user_model.objects.filter(unsealed(USER_FIELDS)).values_list(
        "pk", *USER_FIELDS
    ):
        user_model.objects.filter(pk=pk).update(
            **{
                field: sealing.seal(pk, value)
                for field, value in zip(USER_FIELDS, values, strict=True)
                if value and not value.startswith(SEALED_PREFIXES)
            }
        )


def fill_keys(apps: StateApps) -> None:
    """Each tag's and change's name_key, and each entry's search index."""
    from journal.models.entries import name_key, search_index

    for name in ("Tag", "Change"):
        model = apps.get_model("journal", name)
        for pk, owner, text in model.objects.filter(name_key="").values_list(
            "pk", "user_id", "name"
        ):
            model.objects.filter(pk=pk).update(name_key=name_key(owner, text))
    # Tags that differed only in case before sealing now share a key: keep the first.
    tag_model = apps.get_model("journal", "Tag")
    through = apps.get_model("journal", "Entry").tags.through
    seen: dict[tuple[int, str], int] = {}
    for pk, owner, key in tag_model.objects.order_by("pk").values_list("pk", "user_id", "name_key"):
        first = seen.setdefault((owner, key), pk)
        if first != pk:
            for entry_id in through.objects.filter(tag_id=pk).values_list("entry_id", flat=True):
                through.objects.get_or_create(entry_id=entry_id, tag_id=first)
            tag_model.objects.filter(pk=pk).delete()
    entry_model = apps.get_model("journal", "Entry")
    todo = entry_model.objects.filter(search_index="")
    total = todo.count()
    done = 0
    while done < total:
        with transaction.atomic():
            rows = list(todo.values_list("pk", "user_id", "title", "body")[:BATCH])
            if not rows:
                break
            tags: dict[int, list[str]] = {}
            for entry_id, tag in through.objects.filter(
                entry_id__in=[row[0] for row in rows]
            ).values_list("entry_id", "tag__name"):
                tags.setdefault(entry_id, []).append(tag)
            for pk, owner, title, body in rows:
                index = search_index(owner, [title, body, *tags.get(pk, [])]) or " "
                entry_model.objects.filter(pk=pk).update(search_index=index)
        done += len(rows)
        say(f"Indexed {done:,} of {total:,} entries for search.")


def seal_everything(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if not anything_to_seal(apps):  # a new database
        return
    seal_users(apps)
    for name in SEALED:
        seal_model(apps, name)
    fill_keys(apps)
    sealing.forget()
    forget_the_plain_copies(schema_editor)


def forget_the_plain_copies(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """The plain words were in pages the database has freed (SQLite) or in row versions
    it keeps until vacuumed (PostgreSQL): rewrite the tables, so no copy holds them."""
    connection = schema_editor.connection
    if connection.in_atomic_block:  # a test database: nothing there to forget
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
        elif connection.vendor == "postgresql":
            tables = ["reconnect_user", *(f"journal_{name.lower()}" for name in SEALED)]
            cursor.execute(f"VACUUM FULL {', '.join(tables)}")
    say("Rewrote the tables without their plain copies.")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("journal", "0017_sealed_at_rest"),
        ("reconnect", "0016_sealed_at_rest"),
    ]

    operations = [migrations.RunPython(seal_everything, migrations.RunPython.noop)]
