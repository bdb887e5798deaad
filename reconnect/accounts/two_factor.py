"""Two-factor sign-in: a code from an authenticator app after the password.

Devices are django-otp's: one TOTP device (the app) and one static device holding the
recovery codes, both deleted with their user. A sign-in that has passed the password
step but not the code step is kept in the session as a pending user id; the session is
only logged in once the code is right.
"""

from __future__ import annotations

import base64
import enum
import re
import time
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODES = 10
PENDING_SECONDS = 10 * 60

_PENDING_USER = "two_factor_user"
_PENDING_BACKEND = "two_factor_backend"
_PENDING_NEXT = "two_factor_next"
_PENDING_SINCE = "two_factor_since"
_PENDING_WRONG = "two_factor_wrong"
_PENDING_NEXT_TRY = "two_factor_next_try"
_PENDING_KEYS = (
    _PENDING_USER,
    _PENDING_BACKEND,
    _PENDING_NEXT,
    _PENDING_SINCE,
    _PENDING_WRONG,
    _PENDING_NEXT_TRY,
)

# The slow-down after a wrong code belongs to the sign-in it was sent in, never to the
# account: someone who knows the password and sends wrong codes slows only themselves, so
# they cannot keep the owner's right code out. Guessing across many sign-ins is bounded by
# a bucket per account (reconnect.lib.throttle) for browsers that have not finished a sign-in to
# the account before; a browser that has carries a signed cookie and skips that bucket,
# so the owner's usual browser still gets in while someone spends the account's guesses.
KNOWN_BROWSER_COOKIE = "two_factor_known"
KNOWN_BROWSER_DAYS = 180
_KNOWN_SALT = "reconnect.accounts.two_factor.known_browser"


class Check(enum.Enum):
    """What came of checking a code."""

    ACCEPTED = "accepted"
    WRONG = "wrong"
    TOO_SOON = "too_soon"  # a wrong code was tried moments ago; this one was not checked
    TOO_MANY = "too_many"  # the account's guesses from new browsers are spent for now


@dataclass(frozen=True)
class Setup:
    """What the setup page shows: the QR code as a data URI and the secret as text."""

    qr_data_uri: str
    secret: str


def normalise(code: str) -> str:
    """A code as typed, without spaces or dashes, lower case."""
    return re.sub(r"[\s-]", "", code).lower()


def is_on(user: User) -> bool:
    """True when the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def begin_setup(user: User) -> TOTPDevice:
    """A new, unconfirmed app device with a fresh secret, replacing any earlier attempt."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device: TOTPDevice = TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )
    return device


def setup_for(device: TOTPDevice) -> Setup:
    """The QR code (SVG drawn here, as a data URI) and the secret in groups of four."""
    qr = segno.make(device.config_url, error="m")
    uri = qr.svg_data_uri(border=4, dark="#000", light="#fff", omit_charset=True, omitsize=True)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return Setup(qr_data_uri=uri, secret=" ".join(re.findall(".{1,4}", secret)))


def _check(device: Device, code: str) -> Check:
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return Check.TOO_SOON
    return Check.ACCEPTED if device.verify_token(code) else Check.WRONG


def confirm_setup(device: TOTPDevice, code: str) -> tuple[Check, list[str]]:
    """Turn the app on if the code is right; then return ten new recovery codes."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        outcome = _check(device, normalise(code))
        if outcome is not Check.ACCEPTED:
            return outcome, []
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        return outcome, new_recovery_codes(device.user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones, each good for one sign-in."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def turn_off(user: User) -> None:
    """Forget the user's app and recovery codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def is_app_code(code: str) -> bool:
    """Whether `code` is one from the app (digits only) rather than a recovery code."""
    return normalise(code).isdigit()


def check_sign_in_code(user: User, code: str) -> Check:
    """Check a code from the app (six digits) or a recovery code (which is then used up)."""
    model = TOTPDevice if is_app_code(code) else StaticDevice
    code = normalise(code)
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return Check.WRONG
        return _check(device, code)


def begin_sign_in(request: HttpRequest, user: User, next_url: str) -> None:
    """Remember that the password was right; the code comes next."""
    request.session[_PENDING_USER] = user.pk
    request.session[_PENDING_BACKEND] = user.backend
    request.session[_PENDING_NEXT] = next_url
    request.session[_PENDING_SINCE] = time.time()
    request.session.pop(_PENDING_WRONG, None)
    request.session.pop(_PENDING_NEXT_TRY, None)


def pending_sign_in(request: HttpRequest) -> tuple[User, str] | None:
    """The user whose password was right a moment ago (with a backend set), and where to go."""
    since = request.session.get(_PENDING_SINCE)
    if since is None or not 0 <= time.time() - since <= PENDING_SECONDS:
        end_sign_in(request)
        return None
    # 0 is no one's id, like a missing one.
    user = User.objects.filter(pk=request.session.get(_PENDING_USER, 0), is_active=True).first()
    if user is None:
        end_sign_in(request)
        return None
    user.backend = request.session[_PENDING_BACKEND]
    return user, request.session.get(_PENDING_NEXT, "")


def end_sign_in(request: HttpRequest) -> None:
    for key in _PENDING_KEYS:
        request.session.pop(key, None)


def seconds_to_wait(request: HttpRequest) -> float:
    """How long this sign-in must wait before its next app code is checked (0 when it need
    not). Only app codes wait: six digits are what can be guessed, and a recovery code typed
    after a wrong app code is someone finding another way in (each kind of code also has
    django-otp's own delay after a wrong one of that kind)."""
    next_try = float(request.session.get(_PENDING_NEXT_TRY, 0))
    return max(0.0, next_try - time.time())


def note_wrong_code(request: HttpRequest) -> None:
    """After the nth wrong app code of this sign-in, the next app code is checked 2^(n-1)
    seconds later."""
    wrong = request.session.get(_PENDING_WRONG, 0) + 1
    request.session[_PENDING_WRONG] = wrong
    request.session[_PENDING_NEXT_TRY] = time.time() + 2 ** min(wrong - 1, 10)


def is_known_browser(request: HttpRequest, user: User) -> bool:
    """Whether this browser finished a two-factor sign-in to `user` before (signed cookie)."""
    value = request.COOKIES.get(KNOWN_BROWSER_COOKIE, "")
    try:
        known = signing.loads(value, salt=_KNOWN_SALT, max_age=KNOWN_BROWSER_DAYS * 86400)
    except signing.BadSignature:
        return False
    return bool(known == user.pk)


def remember_browser(response: HttpResponse, user: User) -> None:
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        signing.dumps(user.pk, salt=_KNOWN_SALT),
        max_age=KNOWN_BROWSER_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
