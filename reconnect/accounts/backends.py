"""Signing in: Django's model backend, reading the readiness answers with the user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class ModelBackend(DjangoModelBackend):
    """Django's backend, loading the user with their readiness answers in one query.

    Every page asks whether a safety concern is marked (the quick exit is shown then), so
    the answers come joined to the user instead of costing each page a query of its own.
    """

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("situation").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
