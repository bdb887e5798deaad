"""Entries and the changes they are filed under, their tags and photos."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reconnect.lib import limits, sealing
from reconnect.lib.fields import (
    SealedCharField,
    SealedModel,
    SealedTextField,
    UnopenedText,
)
from reconnect.lib.markdown import render_markdown

if TYPE_CHECKING:
    from ..auth import User


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure yet")


class Change(SealedModel):
    """A change the user is working on (tips 3 and 7): what the pages call a change.

    Its older name, "focus", stays where others read it: the URLs, `Entry.focus` and the
    exports' keys.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="changes"
    )
    name = SealedCharField(_("name"), max_length=limits.CHANGE_NAME_MAX)
    # Stands for the name, lower-cased, in the uniqueness rule (sealing.blind_key).
    name_key = models.CharField(max_length=32, editable=False, default="")
    about_breakup = models.BooleanField(_("this was a reason for the breakup"), default=False)
    need_to_fix = models.CharField(
        _("is this something I need to fix?"),
        max_length=6,
        choices=Answer.choices,
        default=Answer.UNSURE,
    )
    want_to_fix = models.CharField(
        _("is this something I want to fix?"),
        max_length=6,
        choices=Answer.choices,
        default=Answer.UNSURE,
    )
    for_myself = models.CharField(
        _("am I doing this for myself?"),
        max_length=6,
        choices=Answer.choices,
        default=Answer.UNSURE,
    )
    notes = SealedTextField(_("notes"), blank=True, max_length=limits.NOTES_MAX)
    archived = models.BooleanField(_("archived"), default=False)
    # This change's id in every export, the same in any account it is imported into.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["archived", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name_key"], name="change_unique_name", condition=~Q(name_key="")
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.user_id, self.name)
        if "update_fields" in kwargs and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


def name_key(user_id: int, name: str) -> str:
    """What stands for a change's or tag's name in the database: the same for any case."""
    return sealing.blind_key(user_id, name.strip().lower())


class Entry(SealedModel):
    """One dated journal entry. `body` is Markdown; `body_html` is its sanitised rendering."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    day = models.DateField(_("day"))
    title = SealedCharField(
        _("title"), max_length=limits.TITLE_MAX, unopened=_("This entry could not be opened.")
    )
    body = SealedTextField(_("entry"), max_length=limits.BODY_MAX, blank=True)
    body_html = SealedTextField(blank=True, editable=False)
    mood = models.PositiveSmallIntegerField(
        _("mood"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    focus = models.ForeignKey(
        Change,
        verbose_name=_("focus area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    time = models.TimeField(_("time"), null=True, blank=True)
    # The IANA time zone the entry was written in ("" for the account's): its day and time
    # are local to it, and exports say so (an entry written in Los Angeles stays there).
    timezone = models.CharField(_("time zone"), max_length=64, blank=True, default="")
    # False when the title is the text's first line (Day One without a heading): exports
    # then write no heading of their own.
    heading = models.BooleanField(default=True)
    starred = models.BooleanField(_("starred"), default=False)
    # Tag is defined below; the through model is the one Django makes (Entry_tags).
    tags: models.ManyToManyField[Tag, Any] = models.ManyToManyField(
        "Tag", blank=True, related_name="entries"
    )
    # The words of title, body and tags, folded (see fold()) and each replaced by a keyed
    # hash: what search reads, with no plain word in it (sealing.index_terms).
    search_index = models.TextField(blank=True, default="", editable=False)
    # This entry's id in every export, the same in any account it is imported into.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    # Identifies an imported entry so that importing the same file twice adds nothing.
    import_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "-time", "-created"]
        verbose_name_plural = "entries"
        indexes = [
            # Covers the per-day counts and moods of the journal's numbers and charts.
            models.Index(fields=["user", "day", "mood"], name="entry_user_day_mood"),
            models.Index(fields=["user", "-day", "-time", "-created"], name="entry_user_day_time"),
            models.Index(fields=["user", "focus", "-day"], name="entry_user_focus_day"),
            # The few entries a locked journal's catch-up waits on (journal/catch_up.py):
            # asked on each visit to the journal, found without reading the others.
            models.Index(
                fields=["user"], condition=Q(search_index="?"), name="entry_user_index_pending"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5),
                name="entry_mood_range",
            ),
            models.UniqueConstraint(
                fields=["user", "import_key"],
                condition=~Q(import_key=""),
                name="entry_unique_import_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.timezone and self.pk is None:
            self.timezone = self.user.timezone  # where it is written
        self.prepare()
        if "update_fields" in kwargs and {"body", "title"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body",
                "body_html",
                "search_index",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("journal:entry_detail", args=[self.pk])

    def prepare(self, tag_names: list[str] | None = None) -> None:
        """Fill the derived columns: what save() does, for bulk_create to call itself."""
        self.body = normalise_newlines(self.body)
        self.body_html = render_markdown(self.body, breaks=True)
        names = tag_names if tag_names is not None else []
        self.search_index = search_index(self.user_id, [self.title, self.body, *names])


# Tags, search and line endings


def normalise_newlines(text: str) -> str:
    """Browsers send "\r\n"; every stored and exported text uses "\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """Lower case without accents, so "zoe" finds "Zoë" on any database.

    NFKD splits "ë" into "e" and a combining mark, which is then dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The folded words of a text, in order: what search matches."""
    return WORD.findall(fold(text))


def search_index(user_id: int, texts: list[str]) -> str:
    return sealing.index_terms(user_id, set(words("\n".join(texts))))


# `#tag` or `@tag` standing alone: not inside a word, an e-mail address or a URL fragment,
# not a Markdown heading ("# Title" has a space after the mark), and not escaped: `\#word`
# is Markdown for a plain "#word" (Day One writes it so), and no tag.
INLINE_TAG = re.compile(r"(?<![\w&/#@\\])[#@](\w[\w-]*)")
TAG_MAX = limits.TAG_MAX


def inline_tags(text: str) -> list[str]:
    """The tags written in the text, in order, each once."""
    return list(dict.fromkeys(m.group(1)[:TAG_MAX] for m in INLINE_TAG.finditer(text)))


def clean_tag(name: str) -> str:
    """A tag as stored: no leading mark, single spaces, at most TAG_MAX characters."""
    return " ".join(name.strip().lstrip("#@").split())[:TAG_MAX].strip()


class Tag(SealedModel):
    """A word the user files entries under: `#run` in the text or "no contact" on the form."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = SealedCharField(_("name"), max_length=TAG_MAX)
    name_key = models.CharField(max_length=32, editable=False, default="")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name_key"], name="tag_unique_name_key"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.user_id, self.name)
        super().save(*args, **kwargs)


def sorted_names(names: Iterable[str]) -> list[str]:
    """Names in the order people read them: sealed, they cannot be sorted by the database."""
    return sorted(names, key=lambda name: (fold(name), name))


def tags_for(user: User, names: list[str]) -> list[Tag]:
    """The user's tags with these names (any case), creating the missing ones."""
    wanted: dict[str, str] = {}  # folded name: the name as first written
    for name in names:
        cleaned = clean_tag(name)
        if cleaned:
            wanted.setdefault(cleaned.lower(), cleaned)
    if not wanted:
        return []
    keys = {name_key(user.pk, lowered): lowered for lowered in wanted}
    found = {keys[t.name_key]: t for t in Tag.objects.filter(user=user, name_key__in=keys)}
    missing = [
        Tag(user=user, name=wanted[lowered], name_key=key)
        for key, lowered in keys.items()
        if lowered not in found
    ]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        found = {keys[t.name_key]: t for t in Tag.objects.filter(user=user, name_key__in=keys)}
    for lowered, tag in found.items():
        if isinstance(tag.name, UnopenedText):  # a locked journal, closed here: as asked for
            tag.name = wanted[lowered]
    return [found[key] for key in wanted if key in found]


def file_under_tags(entry: Entry, names: list[str]) -> None:
    """Give the entry exactly these tags plus those written in its text.

    A tag naming one of the user's changes files the entry under that change, when it
    is not filed under one already.
    """
    names = [*names, *inline_tags(entry.title + "\n" + entry.body)]
    tags = tags_for(entry.user, names)
    entry.tags.set(tags)
    fields: dict[str, str | Change] = {
        "search_index": search_index(
            entry.user_id, [entry.title, entry.body, *(t.name for t in tags)]
        )
    }
    if entry.focus_id is None and tags:
        change = Change.objects.filter(
            user=entry.user, name_key__in=[t.name_key for t in tags]
        ).first()
        if change is not None:
            fields["focus"] = change
    Entry.objects.filter(pk=entry.pk).update(**fields)
    for key, value in fields.items():
        setattr(entry, key, value)


class EntryDraft(SealedModel):
    """The new entry someone was writing when they left by the quick exit or were signed
    out for being away: one a person, put back into the new-entry form, gone once saved."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entry_draft"
    )
    title = SealedCharField(_("title"), max_length=limits.TITLE_MAX, blank=True)
    body = SealedTextField(_("entry"), max_length=limits.BODY_MAX, blank=True)
    saved = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Entry draft of {self.user_id}"


# Photos


def photo_path(instance: EntryPhoto, filename: str) -> str:
    return f"photos/{instance.user_id}/{filename}"


class EntryPhoto(models.Model):
    """An image on an entry, stored without metadata; `token` is its unguessable address."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="photos")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photos"
    )

    class State(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be read")

    token = models.CharField(max_length=64, unique=True)
    image = models.FileField(upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(upload_to=photo_path, max_length=200)
    # An uploaded photo is kept as sent only until a task has cleaned it (journal.photos).
    state = models.CharField(max_length=10, choices=State.choices, default=State.READY)
    original = models.FileField(upload_to=photo_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of entry {self.entry_id}"

    def get_absolute_url(self) -> str:
        return reverse("journal:photo", args=[self.token, "full"])

    def thumbnail_url(self) -> str:
        return reverse("journal:photo", args=[self.token, "thumb"])


@receiver(post_delete, sender=EntryPhoto)
def delete_photo_files(sender: type, instance: EntryPhoto, **kwargs: Any) -> None:
    """Deleting a photo, its entry or the account deletes the files too."""
    for file in (instance.image, instance.thumbnail, instance.original):
        if file.name:
            file.storage.delete(file.name)
