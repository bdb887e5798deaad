from __future__ import annotations

from typing import Any, ClassVar, Literal, TypeVar

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reconnect.lib.markdown import render_markdown

# Which stored pages a write can change: the whole guide (every page shows the outline of
# the others), or only the safety note (the one page that lists support lines).
Scope = Literal["guide", "support"]

_M = TypeVar("_M", bound=models.Model)


def _changed(scope: Scope) -> None:
    """Tell the stored pages that their content changed (advice.pages imports this module)."""
    from . import pages

    pages.changed(scope)


class _RemakesPages(models.QuerySet[_M]):
    """Writes through a queryset re-make the guide's stored pages, as save() and delete() do.

    The admin's bulk delete and a data fix in the shell write this way, past save(); a
    visitor would otherwise keep seeing the page as it was. bulk_update() needs nothing of
    its own: Django runs it as update() calls. (A data migration's historical models have
    none of this; every migrate forgets the stored pages instead, see
    advice.pages.forget_every_page.)
    """

    scope: ClassVar[Scope]

    def update(self, **kwargs: Any) -> int:
        # `updated` moves with every write, as save() moves it, so a page made while this
        # one commits can tell the guide changed under it (advice.pages.fingerprint).
        kwargs.setdefault("updated", timezone.now())
        rows = super().update(**kwargs)
        _changed(self.scope)
        return rows

    def delete(self) -> tuple[int, dict[str, int]]:
        deleted = super().delete()
        _changed(self.scope)
        return deleted

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[_M]:
        made = super().bulk_create(objs, *args, **kwargs)
        _changed(self.scope)
        return made


class TipQuerySet(_RemakesPages["Tip"]):
    scope = "guide"


class SupportLineQuerySet(_RemakesPages["SupportLine"]):
    scope = "support"


class Tip(models.Model):
    """A page of the guide: the introduction, one of the tips, or a note (safety)."""

    class Kind(models.TextChoices):
        INTRO = "intro", _("Introduction")
        TIP = "tip", _("Tip")
        NOTE = "note", _("Note")

    slug = models.SlugField()
    # A page exists once per language it is written in, under the same slug; English is
    # the original every translation is made from, and what shows where one is missing.
    language = models.CharField(max_length=8, default="en", db_index=True)
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.TIP)
    order = models.PositiveSmallIntegerField(db_index=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    action_label = models.CharField(max_length=80, blank=True)
    action_path = models.CharField(
        max_length=200, blank=True, help_text=_("A path in this app, such as /journal/new/.")
    )
    updated = models.DateTimeField(auto_now=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="tip_one_slug_per_language")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
        _changed("guide")

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.INTRO:
            return reverse("advice:index")
        return reverse("advice:tip", args=[self.slug])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        deleted = super().delete(*args, **kwargs)
        _changed("guide")
        return deleted


class SupportLine(models.Model):
    """A place to turn to, listed by whoever runs the app: shown in the safety note and
    beside each hard stop of the readiness verdict, by the kind of help it gives.

    It lives with the guide because it is the guide's content, the same for every
    person, edited in the admin; a person's own records are the journal's.
    """

    class Kind(models.TextChoices):
        SAFETY = "safety", _("Safety: abuse and emergency help")
        BREAKUP = "breakup", _("Breakup and grief support")
        COUNSELLING = "counselling", _("Counselling")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=11, choices=Kind.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("web address"), blank=True)
    hours = models.CharField(
        _("when open"), max_length=120, blank=True, help_text=_("Such as “day and night”.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated = models.DateTimeField(auto_now=True)

    objects = SupportLineQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("support line")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone="", url=""), name="supportline_phone_or_url"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _changed("support")

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        deleted = super().delete(*args, **kwargs)
        _changed("support")
        return deleted

    @property
    def tel(self) -> str:
        """The phone number as a tel: link wants it: digits and a leading plus only."""
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


# The kind of support that fits each kind of hard stop (journal.readiness.rules.StopKind).
SUPPORT_FOR_STOP = {
    "safety": SupportLine.Kind.SAFETY,
    "no_contact": SupportLine.Kind.BREAKUP,
    "not_fixing": SupportLine.Kind.COUNSELLING,
}


def support_lines(kinds: list[str]) -> dict[str, list[SupportLine]]:
    """The configured lines of each kind asked for, in one query; a kind with none maps to []."""
    found: dict[str, list[SupportLine]] = {kind: [] for kind in kinds}
    for line in SupportLine.objects.filter(kind__in=kinds):
        found[line.kind].append(line)
    return found


class GuidePage(models.Model):
    """A visitor's page of the guide, rendered whole when the guide was written.

    The guide is the same for every signed-out visitor, so its pages are made once per
    language when a tip or a support line changes (advice.pages), not on every view: a
    visitor's request reads one row and fills in the few parts that are theirs (the
    language form's CSRF token and its `next`). This is the guide's own content, never a
    person's: signed-in pages, and a visitor's page carrying a one-time message, are always
    rendered live. `release` keys a row to the version and mount point that made it, and
    every migrate forgets them all, so a deploy never serves a page made by the last one.
    """

    release = models.CharField(max_length=32)
    language = models.CharField(max_length=8)
    page = models.CharField(max_length=50, blank=True)  # a tip's slug; "" is the index
    html = models.TextField()
    etag = models.CharField(max_length=32)
    made = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "language", "page"], name="guidepage_one_per_release"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}/{self.page or 'index'}"
