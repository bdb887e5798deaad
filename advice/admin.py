from __future__ import annotations

from django.contrib import admin

from .models import SupportLine, Tip


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin[Tip]):
    list_display = ("order", "title", "language", "kind", "slug", "updated")
    list_display_links = ("title",)
    list_filter = ("language",)
    ordering = ("order", "language")


@admin.register(SupportLine)
class SupportLineAdmin(admin.ModelAdmin[SupportLine]):
    list_display = ("name", "kind", "phone", "url", "hours", "order")
    list_filter = ("kind",)
    list_editable = ("order",)
    ordering = ("kind", "order", "name")
