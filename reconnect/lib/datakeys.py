"""The deployer's data keys as settings read them: nothing here needs Django set up."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32


class DataKeyError(ImproperlyConfigured):
    """A deployer key is missing, malformed, or not the one that wrapped an account's key."""


def parse_data_keys(text: str, variable: str = "DJANGO_DATA_KEYS") -> list[bytes]:
    """`DJANGO_DATA_KEYS`, newest first: keys made by `manage.py new_data_key`, separated
    by commas or line breaks."""
    keys = []
    for number, item in enumerate(text.replace("\n", ",").split(","), start=1):
        item = item.strip()
        if not item:
            continue
        try:
            key = base64.urlsafe_b64decode(item + "=" * (-len(item) % 4))
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != KEY_BYTES:
            raise DataKeyError(
                f"{variable}: key {number} is not a data key. Each key is 32 random bytes in "
                "URL-safe base64 (43 characters), as `python manage.py new_data_key` prints."
            )
        keys.append(key)
    return keys


def new_data_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode().rstrip("=")


def key_id(key: bytes) -> str:
    """A short, public name for a deployer key: which one wrapped an account's key."""
    return hashlib.blake2b(key, digest_size=4, person=b"reconnect-kid").hexdigest()
