"""An uploaded file being imported by a task, and its progress."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reconnect.lib.fields import SealedCharField, SealedModel


def import_path(instance: ImportJob, filename: str) -> str:
    return f"imports/{instance.user_id}/{secrets.token_urlsafe(24)}"


class ImportJob(SealedModel):
    """One uploaded file being imported by a task; the upload is deleted when it ends."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Not imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports"
    )
    name = SealedCharField(max_length=200)
    upload = models.FileField(upload_to=import_path, max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    already = models.PositiveIntegerField(default=0)
    not_kept = models.TextField(blank=True)
    problem = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("journal:import_progress", args=[self.pk])

    @property
    def finished_state(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


@receiver(post_delete, sender=ImportJob)
def delete_import_upload(sender: type, instance: ImportJob, **kwargs: Any) -> None:
    """An import's upload goes with it (and with the account)."""
    if instance.upload.name:
        instance.upload.storage.delete(instance.upload.name)
