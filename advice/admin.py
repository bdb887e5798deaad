from __future__ import annotations

from django.contrib import admin
from django.db import models

from .models import SupportLine, Tip


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin[Tip]):
    list_display = ("order", "title", "language", "kind", "slug", "updated")
    list_display_links = ("title",)
    list_filter = ("language",)
    ordering = ("order", "language")


@admin.register(SupportLine)
class SupportLineAdmin(admin.ModelAdmin[SupportLine]):
    # An address typed without a scheme is taken as https://, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "kind", "phone", "url", "hours", "order")
    list_filter = ("kind",)
    list_editable = ("order",)
    ordering = ("kind", "order", "name")
