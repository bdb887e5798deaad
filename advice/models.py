from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from journal.markdown import render_markdown


class Tip(models.Model):
    """A page of the guide: the introduction, one of the tips, or a note (safety)."""

    class Kind(models.TextChoices):
        INTRO = "intro", _("Introduction")
        TIP = "tip", _("Tip")
        NOTE = "note", _("Note")

    slug = models.SlugField(unique=True)
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

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.INTRO:
            return reverse("advice:index")
        return reverse("advice:tip", args=[self.slug])
