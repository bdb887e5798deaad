"""Database sessions that know their user, so an account's sessions can all be ended.

Django's own table keeps only the encoded session data, so finding one person's
sessions would mean decoding every row. Each row here carries its user, and a user's
rows go with the user (on_delete=CASCADE), from the delete-account page, the admin, or
anywhere else. Set SESSION_ENGINE = "reconnect.accounts.sessions".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

# The model lives in reconnect.accounts.models with the app's other tables.
from .models import Session


class SessionStore(DatabaseStore[Session]):
    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            session.user_id = None
        return session
