from __future__ import annotations

import django_stubs_ext
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reconnect.accounts"
    # The label the accounts had when they were the project package itself: tables and
    # migration history stay as they were (reconnect_user, reconnect.User).
    label = "reconnect"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Lets Django's generic classes be subscripted at run time as the type checker
        # reads them (ModelAdmin[Tip], ModelForm[Entry], SessionStore[Session]). This app
        # is first in INSTALLED_APPS, so this runs before the admin loads any admin.py;
        # models (imported before any ready()) subscript nothing that needs it.
        from django.contrib.auth.forms import SetPasswordForm

        # SetPasswordForm is generic in the stubs but not in django-stubs-ext's list.
        django_stubs_ext.monkeypatch(extra_classes=[SetPasswordForm])
