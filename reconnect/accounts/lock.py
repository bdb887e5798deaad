"""A journal locked with its owner's password: only they can open it.

With the lock on, the account's private key (reconnect/lib/sealing.py) is wrapped twice,
by a key derived from the password and by one derived from a recovery code shown once,
and no longer by the deployer's key. At sign-in the password unwraps it; the key is then
kept for that session only, sealed under a random key that lives in that device's cookie
alone. The session row, the database and the deployer's keys together cannot open it;
signing out, the session's end or "sign out everywhere" forgets it.

After a password reset by mail the password no longer opens the key: the sign-in keeps a
key derived from the new password (sealed the same way) until the recovery code is given
on /accounts/unlock/, which opens the key and wraps it under the new password.
"""

from __future__ import annotations

import base64
import secrets

import nacl.exceptions
import nacl.secret
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponseBase
from mnemonic import Mnemonic

from reconnect.lib import sealing

from .models import User

SESSION_OPEN = "journal_key"  # "<user id>:<the private key, sealed by the cookie's key>"
SESSION_REWRAP = "journal_rewrap"  # after a reset: the new password's wrapping key, sealed
RECOVERY_WORDS = 8  # 88 bits, stretched by Argon2id
_WORDS = Mnemonic("english").wordlist
_BY_START = {word[:4]: word for word in _WORDS}  # every word is known by its first four letters


# Recovery codes


def new_recovery_code() -> str:
    return " ".join(secrets.choice(_WORDS) for _ in range(RECOVERY_WORDS))


def normalise_code(code: str) -> str | None:
    """The code as words of the list, however it was typed (any case, hyphens, commas, the
    first four letters of a word), or None when it is not eight such words."""
    typed = code.lower().replace("-", " ").replace(",", " ").split()
    words = [_BY_START.get(word[:4]) for word in typed]
    if len(words) != RECOVERY_WORDS or None in words:
        return None
    return " ".join(word for word in words if word)


# The key kept for a session


def _cookie_box(request: HttpRequest) -> nacl.secret.SecretBox | None:
    raw = request.COOKIES.get(settings.JOURNAL_KEY_COOKIE, "")
    try:
        key = base64.urlsafe_b64decode(raw.encode() + b"==")
    except ValueError:
        return None
    return nacl.secret.SecretBox(key) if len(key) == nacl.secret.SecretBox.KEY_SIZE else None


def _seal_for_device(request: HttpRequest, response: HttpResponseBase, raw: bytes) -> str:
    """`raw` sealed under this device's cookie key, made (and set) when there is none."""
    box = _cookie_box(request)
    if box is None:
        key = secrets.token_bytes(nacl.secret.SecretBox.KEY_SIZE)
        box = nacl.secret.SecretBox(key)
        token = base64.urlsafe_b64encode(key).decode().rstrip("=")
        request.COOKIES[settings.JOURNAL_KEY_COOKIE] = token
        response.set_cookie(
            settings.JOURNAL_KEY_COOKIE,
            token,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return base64.b64encode(bytes(box.encrypt(raw))).decode()


def _open_from_device(request: HttpRequest, sealed: str) -> bytes | None:
    box = _cookie_box(request)
    if box is None:
        return None
    try:
        return box.decrypt(base64.b64decode(sealed.encode(), validate=True))
    except (ValueError, nacl.exceptions.CryptoError):
        return None


def remember(request: HttpRequest, response: HttpResponseBase, user: User, private: bytes) -> None:
    """Keep the open key for this session on this device."""
    request.session[SESSION_OPEN] = f"{user.pk}:{_seal_for_device(request, response, private)}"
    request.session.pop(SESSION_REWRAP, None)
    sealing.keyring().offer(user.pk, lambda: private)


def offer_to_keyring(request: HttpRequest) -> None:
    """Let this request open its signed-in person's locked journal, if their session and
    cookie hold its key (JournalKeyMiddleware); opened only when something is read."""
    kept = request.session.get(SESSION_OPEN)
    signed_in = request.session.get(SESSION_KEY)
    if not kept or signed_in is None:
        return
    owner, _sep, sealed = kept.partition(":")
    if owner != str(signed_in):
        return
    sealing.keyring().offer(int(owner), lambda: _open_from_device(request, sealed))


def is_open(user: User) -> bool:
    return sealing.can_open(user.pk)


# Signing in, and the password changing


def on_sign_in(request: HttpRequest, response: HttpResponseBase, user: User, password: str) -> None:
    """At sign-in with the password (before any code step): open a locked journal's key
    and keep it for the session. After a reset by mail the password does not open it: keep
    the new password's wrapping key instead, for the recovery code to use."""
    if not user.journal_locked:
        return
    private = sealing.unwrap_with_secret(user.wrapped_key, password)
    if private is not None:
        remember(request, response, user, private)
        return
    wrap = sealing.SecretWrap.derive(password)
    request.session[SESSION_REWRAP] = (
        f"{user.pk}:{_seal_for_device(request, response, wrap.as_bytes())}"
    )


def waiting_rewrap(request: HttpRequest, user: User) -> sealing.SecretWrap | None:
    kept = request.session.get(SESSION_REWRAP, "")
    owner, _sep, sealed = kept.partition(":")
    if owner != str(user.pk):
        return None
    raw = _open_from_device(request, sealed)
    return sealing.SecretWrap.from_bytes(raw) if raw is not None else None


def open_with_password(user: User, password: str) -> bytes | None:
    """The key, by the password (a locked journal's) or by this request's keyring."""
    if user.journal_locked:
        return sealing.unwrap_with_secret(user.wrapped_key, password)
    return _private_here(user)


def _private_here(user: User) -> bytes | None:
    private = sealing.keyring().keys(user.pk).private
    return bytes(private) if private is not None else None


def password_changed(user: User, new_password: str) -> None:
    """Wrap a locked journal's key under the new password. The key must be open here (the
    change-password form checked the old password, and the session holds the key)."""
    if not user.journal_locked:
        return
    private = _private_here(user)
    if private is None:
        return  # not open on this device: the old wrapping stays, the recovery code still opens
    user.wrapped_key = sealing.wrap_with_secret(private, new_password)
    user.save(update_fields=["wrapped_key"])


# Turning it on and off


def turn_on(user: User, password: str) -> tuple[str, bytes] | None:
    """Lock the journal with the password: the recovery code, to show once, and the key,
    for `remember` to keep for this session. None when the key is not open here."""
    private = _private_here(user)
    if private is None:
        return None
    code = new_recovery_code()
    user.wrapped_key = sealing.wrap_with_secret(private, password)
    user.recovery_key = sealing.wrap_with_secret(private, code)
    user.save(update_fields=["wrapped_key", "recovery_key"])
    sealing.keyring().drop(user.pk)
    return code, private


def new_recovery(user: User) -> str | None:
    """A new recovery code for an open locked journal; the old one stops working."""
    private = _private_here(user)
    if private is None or not user.journal_locked:
        return None
    code = new_recovery_code()
    user.recovery_key = sealing.wrap_with_secret(private, code)
    user.save(update_fields=["recovery_key"])
    return code


def turn_off(request: HttpRequest, user: User, password: str) -> bool:
    """Wrap the key under the deployer's key again; False when the password does not open it."""
    private = open_with_password(user, password)
    if private is None:
        return False
    user.wrapped_key = sealing.wrap(private)
    user.recovery_key = ""
    user.save(update_fields=["wrapped_key", "recovery_key"])
    request.session.pop(SESSION_OPEN, None)
    sealing.keyring().drop(user.pk)
    return True


def unlock(
    request: HttpRequest,
    response: HttpResponseBase,
    user: User,
    *,
    recovery_code: str = "",
    password: str = "",
) -> bool:
    """Open the journal on this device: by the password (a lost cookie), or by the
    recovery code, which also wraps the key under the password of this sign-in (after a
    reset by mail). False when neither opens it."""
    private = None
    if password:
        private = sealing.unwrap_with_secret(user.wrapped_key, password)
    if private is None and recovery_code:
        code = normalise_code(recovery_code)
        private = sealing.unwrap_with_secret(user.recovery_key, code) if code else None
        rewrap = waiting_rewrap(request, user)
        if private is not None and rewrap is not None:
            user.wrapped_key = rewrap.wrap(private)
            user.save(update_fields=["wrapped_key"])
    if private is None:
        return False
    sealing.keyring().drop(user.pk)
    remember(request, response, user, private)
    return True


def needs_recovery(request: HttpRequest, user: User) -> bool:
    """Whether this sign-in's password no longer opens the journal (a reset by mail)."""
    return waiting_rewrap(request, user) is not None
