"""What was written for a locked journal while it was closed, finished when it is open.

A task (an import, a photo) or a closed session writes for a journal locked with its
owner's password without their key: the words are sealed to the public key, but the
search index and the name keys need the key, so they are left PENDING
(reconnect/lib/sealing.py). The owner's next open visits to the journal make them, a
bounded batch at a time, and seal the words again by the data key, which reads faster.
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from reconnect.lib import sealing

from .models import Change, Entry, Tag, name_key, search_index

CPU_BUDGET = 0.3  # seconds of one request
# Name keys that begin with PENDING ("?"): a range, which the (user, name_key) indexes serve.
STAND_INS = {"name_key__gte": sealing.PENDING, "name_key__lt": chr(ord(sealing.PENDING) + 1)}
BATCH = 50


def pending_entries(user_id: int) -> int:
    return Entry.objects.filter(user_id=user_id, search_index=sealing.PENDING).count()


def catch_up(user_id: int, budget: float = CPU_BUDGET) -> int:
    """Finish what waits, within `budget` seconds of CPU; how many entries still wait.
    One query when nothing does."""
    entries, names = _waiting(user_id)
    if not entries and not names:
        return 0
    if not sealing.can_open(user_id):
        return pending_entries(user_id)
    started = time.process_time()
    if names:
        _names(user_id)
    while time.process_time() - started < budget:
        batch = list(
            Entry.objects.filter(user_id=user_id, search_index=sealing.PENDING)
            .prefetch_related("tags")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return 0
        with transaction.atomic():
            for entry in batch:
                tags = [tag.name for tag in entry.tags.all()]
                entry.save(update_fields=["title"])  # sealed by the data key, body and index too
                entry.search_index = search_index(user_id, [entry.title, entry.body, *tags])
                Entry.objects.filter(pk=entry.pk).update(search_index=entry.search_index)
    return pending_entries(user_id)


def _waiting(user_id: int) -> tuple[bool, bool]:
    """Whether entries, and whether tag or change names, wait: one query, written out (the
    ORM took longer to build it than the database to answer it), each part on an index."""
    entries, tags, changes = (
        connection.ops.quote_name(model._meta.db_table) for model in (Entry, Tag, Change)
    )
    low, high = STAND_INS["name_key__gte"], STAND_INS["name_key__lt"]
    with connection.cursor() as cursor:
        names = "WHERE user_id = %s AND name_key >= %s AND name_key < %s"
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {entries} WHERE user_id = %s AND search_index = %s), "  # noqa: S608 - the tables' own names
            f"EXISTS (SELECT 1 FROM {tags} {names}), EXISTS (SELECT 1 FROM {changes} {names})",
            [user_id, sealing.PENDING, user_id, low, high, user_id, low, high],
        )
        row = cursor.fetchone()
    return bool(row[0]), bool(row[1] or row[2])


def _names(user_id: int) -> None:
    """Tags and changes named while closed get their keys; a tag named twice is one tag."""
    through = Entry.tags.through
    for tag in Tag.objects.filter(user_id=user_id, **STAND_INS):
        key = name_key(user_id, tag.name)
        same = Tag.objects.filter(user_id=user_id, name_key=key).first()
        if same is None:
            tag.save()
            continue
        with transaction.atomic():
            has_same = through.objects.filter(tag=same).values_list("entry_id", flat=True)
            through.objects.filter(tag=tag, entry_id__in=has_same).delete()
            through.objects.filter(tag=tag).update(tag=same)
            tag.delete()
    for change in Change.objects.filter(user_id=user_id, **STAND_INS):
        key = name_key(user_id, change.name)
        if Change.objects.filter(user_id=user_id, name_key=key).exists():
            Change.objects.filter(pk=change.pk).update(name_key="")  # two of one name: both stay
        else:
            change.save()
