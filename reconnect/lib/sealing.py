"""What a person writes, sealed at rest: envelope encryption with PyNaCl (libsodium).

Each account has its own X25519 key pair. The public half is stored as it is: anything
may seal for the person with it (`$p1$`, a SealedBox), without being able to read. The
private half is stored wrapped by the deployer's first key (`DJANGO_DATA_KEYS`; every key
in the list unwraps), and from it come two keys of its own: the data key, which seals and
opens what the person writes in a request (`$s1$`, a SecretBox: fast, both ways), and the
search key, which turns words into the keyed index that search reads.

A sealed text names its owner: `$s1$<user id>$<base64>`. So a value can be opened
wherever it is read, a model instance or a row of tuples, by the keys of that owner,
loaded once per request or task (`Keyring`) and forgotten at its end; never across
requests.

A person may lock their journal with their own password (reconnect.accounts.lock): the
private key is then wrapped by a key derived from that password (`lock$…`, Argon2id) and
not by the deployer's. The server can still seal for them (to the public key), but opens
their words only in a request of theirs that brings the key, sealed in their session
under a key that lives in their cookie alone (`Keyring.offer`).
"""

from __future__ import annotations

import base64
import contextvars
import functools
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import argon2.exceptions
import argon2.low_level
import nacl.exceptions
import nacl.public
import nacl.secret
import nacl.utils
from django.conf import settings
from django.contrib.auth import get_user_model

from .datakeys import KEY_BYTES, DataKeyError, key_id

logger = logging.getLogger(__name__)

BY_DATA_KEY = "$s1$"  # sealed with the owner's data key
BY_PUBLIC_KEY = "$p1$"  # sealed to the owner's public key
FILE_BY_DATA_KEY = b"RCS1"  # a sealed file's first bytes, the same two ways
FILE_BY_PUBLIC_KEY = b"RCP1"
# An upload of a locked journal waiting for the worker (a photo to prepare, a file to
# import): sealed by the deployer's key, which the worker has, until it is read and deleted.
FILE_FOR_WORKER = b"RCW1"
LOCKED = "lock$"  # how a private key wrapped by its owner's password begins
PENDING = "?"  # a search index or name key to be made in the owner's next open request


class Unopened(Exception):
    """A sealed value that its owner's keys do not open."""


# The deployer's keys


def deployer_keys() -> list[bytes]:
    keys: list[bytes] = settings.DATA_KEYS
    if not keys:
        raise DataKeyError(
            "DJANGO_DATA_KEYS (or DJANGO_DATA_KEYS_FILE) is not set: it holds the key that "
            "seals every journal. Make one with `python manage.py new_data_key`."
        )
    return keys


def wrap(private: bytes) -> str:
    """An account's private key, sealed under the deployer's first key."""
    key = deployer_keys()[0]
    box = nacl.secret.SecretBox(key)
    return f"{key_id(key)}${_b64(bytes(box.encrypt(private)))}"


def unwrap(wrapped: str) -> bytes:
    kid, _sep, blob = wrapped.partition("$")
    for key in deployer_keys():
        if key_id(key) == kid:
            try:
                return nacl.secret.SecretBox(key).decrypt(_unb64(blob))
            except (nacl.exceptions.CryptoError, ValueError):
                break
    raise DataKeyError(
        f"An account's key is wrapped by the deployer key {kid!r}, which is not in "
        "DJANGO_DATA_KEYS (or does not open it): put that key back in the list."
    )


def wrapped_by(wrapped: str) -> str:
    return wrapped.partition("$")[0]


def new_key_pair() -> tuple[str, str]:
    """(public key, private key wrapped by the deployer's key) for a new account."""
    private = nacl.public.PrivateKey.generate()
    return _b64(bytes(private.public_key)), wrap(bytes(private))


# One person's keys


@dataclass(frozen=True)
class Keys:
    user_id: int
    public: nacl.public.PublicKey
    private: nacl.public.PrivateKey | None  # None: this process may seal, not open
    locked: bool = False  # wrapped by the owner's password, not the deployer's key

    @classmethod
    def from_private(cls, user_id: int, private: bytes) -> Keys:
        key = nacl.public.PrivateKey(private)
        return cls(user_id, key.public_key, key)

    @property
    def data(self) -> nacl.secret.SecretBox:
        return _derived_box(self._private_bytes())

    @property
    def search(self) -> bytes:
        return _derive(self._private_bytes(), b"reconnect-find")

    def _private_bytes(self) -> bytes:
        if self.private is None:
            raise Unopened(f"The keys of account {self.user_id} are not open here.")
        return bytes(self.private)


def _derive(private: bytes, person: bytes) -> bytes:
    return hashlib.blake2b(private, digest_size=KEY_BYTES, person=person).digest()


def _derived_box(private: bytes) -> nacl.secret.SecretBox:
    return nacl.secret.SecretBox(_derive(private, b"reconnect-data"))


class Keyring:
    """The keys of the people a request or task touches, loaded once each, then forgotten.

    A new ring begins with every request and every task (`forget()`); nothing of it
    outlives them.
    """

    def __init__(self) -> None:
        self._keys: dict[int, Keys] = {}
        self._boxes: dict[int, nacl.secret.SecretBox] = {}
        self._openers: dict[int, Callable[[], bytes | None]] = {}
        self._stand_ins: dict[int, bytes] = {}

    def keys(self, user_id: int) -> Keys:
        keys = self._keys.get(user_id)
        if keys is None:
            keys = self._keys[user_id] = load_keys(user_id, self._openers.get(user_id))
        return keys

    def offer(self, user_id: int, opener: Callable[[], bytes | None]) -> None:
        """How to open a locked journal's private key in this request, if it is needed:
        the request's own session and cookie (reconnect.accounts.lock)."""
        self._openers[user_id] = functools.cache(opener)
        self.drop(user_id)

    def offered(self, user_id: int) -> bool:
        """Whether this request brings a locked journal's key (no query: the key is
        checked against the public half when it is first used)."""
        opener = self._openers.get(user_id)
        return opener is not None and opener() is not None

    def stand_in(self, user_id: int) -> bytes:
        """A key for name keys made while the journal is locked and not open here: random,
        never stored, so the same name gets the same key within this request or task
        only, and nobody can turn one back into its name."""
        key = self._stand_ins.get(user_id)
        if key is None:
            key = self._stand_ins[user_id] = secrets.token_bytes(KEY_BYTES)
        return key

    def drop(self, user_id: int) -> None:
        self._keys.pop(user_id, None)
        self._boxes.pop(user_id, None)

    def box(self, user_id: int) -> nacl.secret.SecretBox | None:
        box = self._boxes.get(user_id)
        if box is None:
            keys = self.keys(user_id)
            if keys.private is None:
                return None
            box = self._boxes[user_id] = keys.data
        return box


_ring: contextvars.ContextVar[Keyring | None] = contextvars.ContextVar("keyring", default=None)


def keyring() -> Keyring:
    ring = _ring.get()
    if ring is None:
        ring = Keyring()
        _ring.set(ring)
    return ring


def forget(*args: object, **kwargs: object) -> None:
    """Drop every key loaded so far (a signal receiver: requests and tasks end here)."""
    _ring.set(None)


def load_keys(user_id: int, opener: Callable[[], bytes | None] | None = None) -> Keys:
    """The account's keys, made on first need for an account that has none yet. A journal
    locked with its owner's password is opened only by `opener` (their session's)."""
    user_model = get_user_model()
    row = user_model._default_manager.filter(pk=user_id).values_list("public_key", "wrapped_key")
    found = row.first()
    if found is None:
        raise Unopened(f"Account {user_id} does not exist.")
    public, wrapped = found
    if not wrapped:
        public, wrapped = new_key_pair()
        user_model._default_manager.filter(pk=user_id, wrapped_key="").update(
            public_key=public, wrapped_key=wrapped
        )
        public, wrapped = row.get()
    if wrapped.startswith(LOCKED):
        public_key = nacl.public.PublicKey(_unb64(public))
        private = opener() if opener is not None else None
        key = nacl.public.PrivateKey(private) if private is not None else None
        if key is not None and bytes(key.public_key) == bytes(public_key):
            return Keys(user_id, public_key, key, locked=True)
        return Keys(user_id, public_key, None, locked=True)
    return Keys.from_private(user_id, unwrap(wrapped))


def can_open(user_id: int) -> bool:
    """Whether this request or task holds the account's private key."""
    return keyring().keys(user_id).private is not None


# Keys wrapped by a secret a person knows: their password, or their recovery code


def kdf_settings() -> dict[str, int]:
    """Argon2id's costs for a new wrapping (each wrapping keeps the costs it was made with)."""
    return {"time_cost": 3, "memory_cost": 65536, "parallelism": 4, **settings.JOURNAL_LOCK_KDF}


def secret_key(
    secret: str, salt: bytes, time_cost: int, memory_cost: int, parallelism: int
) -> bytes:
    return argon2.low_level.hash_secret_raw(
        secret.encode(),
        salt,
        time_cost=time_cost,
        memory_cost=memory_cost,
        parallelism=parallelism,
        hash_len=KEY_BYTES,
        type=argon2.low_level.Type.ID,
    )


@dataclass(frozen=True)
class SecretWrap:
    """A wrapping key derived from a secret, with what `wrap_with` needs to name it."""

    key: bytes
    salt: bytes
    costs: tuple[int, int, int]

    @classmethod
    def derive(cls, secret: str) -> SecretWrap:
        costs = kdf_settings()
        salt = nacl.utils.random(16)
        triple = (costs["time_cost"], costs["memory_cost"], costs["parallelism"])
        return cls(secret_key(secret, salt, *triple), salt, triple)

    def wrap(self, private: bytes) -> str:
        blob = bytes(nacl.secret.SecretBox(self.key).encrypt(private))
        t, m, p = self.costs
        return f"{LOCKED}{t}${m}${p}${_b64(self.salt)}${_b64(blob)}"

    def as_bytes(self) -> bytes:
        """For keeping in a session, itself sealed: salt, costs and key."""
        t, m, p = self.costs
        return f"{t}${m}${p}${_b64(self.salt)}${_b64(self.key)}".encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> SecretWrap:
        t, m, p, salt, key = raw.decode().split("$")
        return cls(_unb64(key), _unb64(salt), (int(t), int(m), int(p)))


def wrap_with_secret(private: bytes, secret: str) -> str:
    """The private key wrapped by a key derived from `secret` (one Argon2id hash)."""
    return SecretWrap.derive(secret).wrap(private)


def unwrap_with_secret(wrapped: str, secret: str) -> bytes | None:
    """The private key, or None when `secret` does not open it (one Argon2id hash)."""
    try:
        t, m, p, salt, blob = wrapped.removeprefix(LOCKED).split("$")
        key = secret_key(secret, _unb64(salt), int(t), int(m), int(p))
        return nacl.secret.SecretBox(key).decrypt(_unb64(blob))
    except (ValueError, nacl.exceptions.CryptoError, argon2.exceptions.HashingError):
        return None


# Texts


def seal(user_id: int, text: str) -> str:
    """`text` sealed for the account: with its data key when open here, else to its public
    key. The empty text stays empty (a blank field says nothing)."""
    if not text:
        return text
    ring = keyring()
    box = ring.box(user_id)
    if box is not None:
        return f"{BY_DATA_KEY}{user_id}${_b64(bytes(box.encrypt(text.encode())))}"
    sealed = nacl.public.SealedBox(ring.keys(user_id).public).encrypt(text.encode())
    return f"{BY_PUBLIC_KEY}{user_id}${_b64(sealed)}"


def is_sealed(value: str) -> bool:
    return value.startswith((BY_DATA_KEY, BY_PUBLIC_KEY))


def owner(value: str) -> int | None:
    if not is_sealed(value):
        return None
    head = value[len(BY_DATA_KEY) :].partition("$")[0]
    return int(head) if head.isdigit() else None


def open_text(value: str) -> str:
    """The text of a sealed value (a value that is not sealed is returned as it is: a row
    written before sealing, until the migration has sealed it). Raises Unopened."""
    if not is_sealed(value):
        return value
    head, _sep, blob = value[len(BY_DATA_KEY) :].partition("$")
    try:
        user_id = int(head)
        ring = keyring()
        if value.startswith(BY_DATA_KEY):
            box = ring.box(user_id)
            if box is None:
                raise Unopened(f"The keys of account {user_id} are not open here.")
            return box.decrypt(_unb64(blob)).decode()
        private = ring.keys(user_id).private
        if private is None:
            raise Unopened(f"The keys of account {user_id} are not open here.")
        return nacl.public.SealedBox(private).decrypt(_unb64(blob)).decode()
    except (ValueError, nacl.exceptions.CryptoError, UnicodeDecodeError) as error:
        raise Unopened(f"A value of account {head} does not open.") from error


# Files (photos, and uploads waiting for the worker)


def seal_for_worker(user_id: int, content: bytes) -> bytes:
    """An upload the worker will read: as any file, unless the journal is locked, when it
    is sealed by the deployer's key until the worker has read it (and deleted it)."""
    if not keyring().keys(user_id).locked:
        return seal_bytes(user_id, content)
    key = deployer_keys()[0]
    return (
        FILE_FOR_WORKER + key_id(key).encode() + b"$" + nacl.secret.SecretBox(key).encrypt(content)
    )


def seal_bytes(user_id: int, content: bytes) -> bytes:
    ring = keyring()
    box = ring.box(user_id)
    if box is not None:
        return FILE_BY_DATA_KEY + bytes(box.encrypt(content))
    return FILE_BY_PUBLIC_KEY + nacl.public.SealedBox(ring.keys(user_id).public).encrypt(content)


def open_bytes(user_id: int, content: bytes) -> bytes:
    """A sealed file's bytes (a file stored before sealing comes back as it is)."""
    magic, blob = content[:4], content[4:]
    try:
        if magic == FILE_BY_DATA_KEY:
            box = keyring().box(user_id)
            if box is None:
                raise Unopened(f"The keys of account {user_id} are not open here.")
            return box.decrypt(blob)
        if magic == FILE_BY_PUBLIC_KEY:
            private = keyring().keys(user_id).private
            if private is None:
                raise Unopened(f"The keys of account {user_id} are not open here.")
            return nacl.public.SealedBox(private).decrypt(blob)
        if magic == FILE_FOR_WORKER:
            kid, _sep, sealed = blob.partition(b"$")
            for key in deployer_keys():
                if key_id(key).encode() == kid:
                    return nacl.secret.SecretBox(key).decrypt(sealed)
            raise Unopened(f"A file of account {user_id} is sealed by a key not in the list.")
    except nacl.exceptions.CryptoError as error:
        raise Unopened(f"A file of account {user_id} does not open.") from error
    return content


# Search without plain text: a keyed index of words


def index_terms(user_id: int, words: Iterable[str]) -> str:
    """The keyed index of these words (already folded): each word, and each of its first
    3 to 8 letters, as a short keyed hash, space-separated with a space at each end, so
    that `contains=" <term> "` finds a word or a word's beginning. For a locked journal
    not open here, PENDING: its owner's next open request makes it (journal.catch_up)."""
    keys = keyring().keys(user_id)
    if keys.private is None:
        return PENDING
    key = keys.search
    terms: set[str] = set()
    for word in words:
        terms.add(_term(key, word))
        for size in range(3, min(len(word), PREFIX_MAX + 1)):
            terms.add(_term(key, word[:size]))
    return f" {' '.join(sorted(terms))} " if terms else ""


PREFIX_MAX = 8


def query_term(user_id: int, word: str) -> str:
    """The term that finds entries with a word beginning with `word` (folded)."""
    keys = keyring().keys(user_id)
    if keys.private is None:  # a locked journal not open here finds nothing
        return f" {PENDING} "
    return f" {_term(keys.search, word[:PREFIX_MAX] if len(word) > PREFIX_MAX else word)} "


def blind_key(user_id: int, text: str) -> str:
    """A keyed hash that stands for `text` in a unique constraint or an exact lookup. For a
    locked journal not open here, a stand-in that begins with PENDING, made again in its
    owner's next open request."""
    ring = keyring()
    if ring.keys(user_id).private is None:
        return PENDING + _term(ring.stand_in(user_id), text, size=16)
    return _term(ring.keys(user_id).search, text, size=16)


def _term(key: bytes, word: str, size: int = 6) -> str:
    digest = hashlib.blake2b(word.encode(), key=key, digest_size=size).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def check_data_keys(databases: Iterable[str] | None = None, **kwargs: object) -> list[Any]:
    """Every account's key must be wrapped by a key in DJANGO_DATA_KEYS (run by `migrate`,
    and so by `make serve`, and by `check --database default`)."""
    from django.core.checks import Error
    from django.db import DatabaseError

    if not databases:
        return []
    known = {key_id(key) for key in settings.DATA_KEYS}
    try:
        wrapped = (
            get_user_model()
            ._default_manager.exclude(wrapped_key="")
            .values_list("wrapped_key", flat=True)
        )
        missing = {wrapped_by(w) for w in wrapped.iterator()} - known - {LOCKED.rstrip("$")}
    except DatabaseError:  # before the first migrate: no accounts yet
        return []
    if not missing:
        return []
    return [
        Error(
            f"Accounts' keys are wrapped by deployer keys that are not in DJANGO_DATA_KEYS: "
            f"{', '.join(sorted(missing))}. Without them those journals cannot be opened.",
            hint="Put the keys back in DJANGO_DATA_KEYS (any position after the first); "
            "`python manage.py rotate_data_key` then re-wraps every account under the first.",
            id="reconnect.E020",
        )
    ]
