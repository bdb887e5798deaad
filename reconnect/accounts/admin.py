from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    # Django's UserAdmin always has fieldsets; its type allows None, as any admin's does.
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Preferences", {"fields": ("timezone",)}))
