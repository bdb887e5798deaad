from django.contrib import admin

from .models import Tip


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = ("order", "title", "kind", "slug", "updated")
    list_display_links = ("title",)
    ordering = ("order",)
