from __future__ import annotations

import base64
import datetime as dt
import json
import time
from collections.abc import Iterator

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reconnect.accounts import two_factor
from reconnect.accounts.models import User
from tests.conftest import PASSWORD
from tests.responses import Response

START = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
PAGE = "/accounts/two-factor/"
STEP = "/accounts/two-factor/login/"


def code_for(device: TOTPDevice, steps: int = 0) -> str:
    """The code the user's app shows now (or `steps` time steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(10**6)) if c not in right)


def password_step(client: Client, username: str = "alice", **extra: str) -> Response:
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD, **extra})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def app(alice: User, clock: time_machine.Traveller) -> TOTPDevice:
    """Alice has turned two-factor sign-in on."""
    device: TOTPDevice = TOTPDevice.objects.create(
        user=alice, name="Authenticator app", confirmed=True
    )
    return device


@pytest.fixture
def recovery(alice: User, app: TOTPDevice) -> list[str]:
    return two_factor.new_recovery_codes(alice)


# Setting it up


def test_settings_link_to_it(alice_client):
    assert f'href="{PAGE}"' in alice_client.get("/accounts/profile/").text


def test_it_is_off_until_set_up(alice_client, visitor):
    response = alice_client.get(PAGE)
    assert response.status_code == 200
    assert 'data-two-factor="off"' in response.text
    assert "code from an app on your phone" in response.text
    assert visitor.get(PAGE).status_code == 302


def test_setting_up_shows_a_qr_code_and_the_secret(alice_client, alice):
    response = alice_client.post(PAGE, {"action": "start", "password": PASSWORD})
    assert response.status_code == 302
    page = alice_client.get(PAGE).text
    device = TOTPDevice.objects.get(user=alice)
    assert not device.confirmed
    assert 'data-two-factor="pending"' in page
    assert 'src="data:image/svg+xml,' in page
    secret = base64.b32encode(device.bin_key).decode()
    shown = page.split("data-secret>")[1].split("<")[0]
    assert shown.replace(" ", "") == secret
    # Not on until confirmed: the password alone still signs in.
    assert not two_factor.is_on(alice)


def test_starting_again_makes_a_new_secret(alice_client, alice):
    alice_client.post(PAGE, {"action": "start", "password": PASSWORD})
    first = TOTPDevice.objects.get(user=alice).key
    alice_client.post(PAGE, {"action": "start", "password": PASSWORD})
    assert TOTPDevice.objects.get(user=alice).key != first


def test_a_right_code_turns_it_on_and_shows_ten_recovery_codes(alice_client, alice, clock):
    alice_client.post(PAGE, {"action": "start", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=alice)
    response = alice_client.post(PAGE, {"action": "confirm", "code": code_for(device)})
    assert response.status_code == 200
    assert "shown only this once" in response.text
    shown = [part.split("<")[0] for part in response.text.split("data-recovery-code>")[1:]]
    assert len(shown) == 10
    assert sorted(shown) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=alice).confirmed
    # Shown once: the page afterwards says how many are left, not what they are.
    page = alice_client.get(PAGE).text
    assert 'data-two-factor="on"' in page
    assert 'data-recovery-left="10"' in page
    assert "data-recovery-code>" not in page


def test_a_wrong_code_leaves_it_off(alice_client, alice, clock):
    alice_client.post(PAGE, {"action": "start", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=alice)
    response = alice_client.post(PAGE, {"action": "confirm", "code": wrong_code(device)})
    assert response.status_code == 200
    assert "That code did not work" in response.text
    assert 'data-two-factor="pending"' in response.text
    assert not two_factor.is_on(alice)
    assert not StaticDevice.objects.filter(user=alice).exists()


@pytest.mark.parametrize(
    "code",
    ["", "12345", "1234567", "abcdefgh", "1" * 64, "1" * 10_000, "12\x003456", "١٢٣٤٥٦"],
)
def test_a_code_of_the_wrong_shape_gets_a_clear_message(alice_client, alice, code):
    alice_client.post(PAGE, {"action": "start", "password": PASSWORD})
    response = alice_client.post(PAGE, {"action": "confirm", "code": code})
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in response.text
    assert not two_factor.is_on(alice)


def test_turning_it_on_needs_the_password(alice_client, alice):
    # Someone holding only a signed-in session cannot set up an app of their own.
    for password in ("", "not the password"):
        response = alice_client.post(PAGE, {"action": "start", "password": password})
        assert response.status_code == 200
        assert 'class="invalid-feedback"' in response.text
        assert 'data-two-factor="off"' in response.text
    assert not TOTPDevice.objects.filter(user=alice).exists()


def test_cancel_forgets_the_unconfirmed_secret(alice_client, alice):
    alice_client.post(PAGE, {"action": "start", "password": PASSWORD})
    assert TOTPDevice.objects.filter(user=alice, confirmed=False).exists()
    alice_client.post(PAGE, {"action": "cancel"})
    assert not TOTPDevice.objects.filter(user=alice).exists()


def test_it_needs_a_csrf_token(csrf_client, alice):
    assert csrf_client.post(PAGE, {"action": "start"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=alice).exists()


# Signing in


def test_sign_in_asks_for_the_code_after_the_password(visitor, app):
    response = password_step(visitor)
    assert response.status_code == 302
    assert response["Location"] == STEP
    # Not signed in yet: the password alone opens nothing.
    assert not signed_in(visitor)
    assert visitor.get("/dashboard/").status_code == 302
    page = visitor.get(STEP)
    assert page.status_code == 200
    assert 'name="code"' in page.text

    response = visitor.post(STEP, {"code": code_for(app)})
    assert response.status_code == 302
    assert response.url == "/dashboard/"
    assert signed_in(visitor)
    assert visitor.get("/dashboard/").status_code == 200


def test_the_page_asked_for_comes_after_the_code(visitor, app):
    password_step(visitor, next="/journal/")
    assert visitor.post(STEP, {"code": code_for(app)}).url == "/journal/"


def test_an_account_without_it_signs_in_with_the_password(visitor, bob, app):
    response = password_step(visitor, "bob")
    assert response["Location"] == "/dashboard/"
    assert signed_in(visitor)


def test_a_wrong_code_does_not_sign_in(visitor, app):
    password_step(visitor)
    response = visitor.post(STEP, {"code": wrong_code(app)})
    assert response.status_code == 200
    assert "That code did not work" in response.text
    assert not signed_in(visitor)


def test_the_next_code_waits_a_moment_after_a_wrong_one(visitor, app, clock):
    password_step(visitor)
    visitor.post(STEP, {"code": wrong_code(app)})
    response = visitor.post(STEP, {"code": code_for(app)})
    assert "Wait a few seconds" in response.text
    assert not signed_in(visitor)
    clock.shift(2)
    assert visitor.post(STEP, {"code": code_for(app)}).url == "/dashboard/"


def test_a_recovery_code_is_accepted_right_after_a_wrong_app_code(visitor, app, recovery):
    """Wrong app codes made the next check wait, and a right recovery code was refused
    with "Wait a few seconds"; the wait holds app codes only."""
    password_step(visitor)
    assert "That code did not work" in visitor.post(STEP, {"code": wrong_code(app)}).text
    assert "Wait a few seconds" in visitor.post(STEP, {"code": wrong_code(app)}).text
    assert visitor.post(STEP, {"code": recovery[0]}).url == "/dashboard/"
    assert signed_in(visitor)


def test_a_code_works_only_once(visitor, app):
    code = code_for(app)
    password_step(visitor)
    assert visitor.post(STEP, {"code": code}).status_code == 302
    visitor.post("/accounts/logout/")
    password_step(visitor)
    response = visitor.post(STEP, {"code": code})
    assert "That code did not work" in response.text
    assert not signed_in(visitor)


def test_a_recovery_code_works_once(visitor, alice_client, recovery, clock):
    password_step(visitor)
    # Typed as people do: upper case, with a space in the middle.
    typed = recovery[0][:4].upper() + " " + recovery[0][4:].upper()
    assert visitor.post(STEP, {"code": typed}).url == "/dashboard/"
    assert 'data-recovery-left="9"' in alice_client.get(PAGE).text

    visitor.post("/accounts/logout/")
    password_step(visitor)
    response = visitor.post(STEP, {"code": recovery[0]})
    assert "That code did not work" in response.text
    assert not signed_in(visitor)
    clock.shift(2)
    assert visitor.post(STEP, {"code": recovery[1]}).url == "/dashboard/"


def test_wrong_codes_lock_the_username_out_like_wrong_passwords(visitor, app, clock):
    password_step(visitor)
    for _ in range(4):
        clock.shift(60)
        assert visitor.post(STEP, {"code": wrong_code(app)}).status_code == 200
    clock.shift(60)
    locked = visitor.post(STEP, {"code": wrong_code(app)})
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.text
    assert not signed_in(visitor)

    # The right password and code are refused too until the lockout lifts.
    assert password_step(visitor).status_code == 429
    clock.shift(15 * 60 + 1)
    password_step(visitor)
    assert visitor.post(STEP, {"code": code_for(app)}).url == "/dashboard/"


def test_wrong_passwords_and_wrong_codes_count_together(visitor, app, clock):
    for _ in range(3):
        visitor.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    password_step(visitor)
    clock.shift(60)
    assert visitor.post(STEP, {"code": wrong_code(app)}).status_code == 200
    clock.shift(60)
    assert visitor.post(STEP, {"code": wrong_code(app)}).status_code == 429


def test_a_code_sent_too_soon_is_not_counted_as_a_failure(visitor, app):
    password_step(visitor)
    visitor.post(STEP, {"code": wrong_code(app)})
    visitor.post(STEP, {"code": wrong_code(app)})
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 1


def test_signing_in_clears_earlier_failures(visitor, app, clock):
    password_step(visitor)
    for _ in range(4):
        clock.shift(60)
        visitor.post(STEP, {"code": wrong_code(app)})
    clock.shift(60)
    assert visitor.post(STEP, {"code": code_for(app)}).status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()


def test_the_code_step_needs_the_password_first(visitor, app):
    assert visitor.get(STEP).url == "/accounts/login/"
    response = visitor.post(STEP, {"code": code_for(app)})
    assert response.url == "/accounts/login/"
    assert not signed_in(visitor)


def test_the_code_step_does_not_wait_forever(visitor, app, clock):
    password_step(visitor)
    clock.shift(11 * 60)
    response = visitor.post(STEP, {"code": code_for(app)})
    assert response.url == "/accounts/login/"
    assert not signed_in(visitor)


def test_codes_are_not_kept_in_the_failed_login_records(visitor, app):
    password_step(visitor)
    code = wrong_code(app)
    visitor.post(STEP, {"code": code})
    assert code not in AccessAttempt.objects.get(username="alice").post_data


def test_the_admin_login_goes_through_the_code_step(visitor):
    response = visitor.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/"


# Turning it off, new recovery codes


def test_turning_it_off_needs_the_password(alice_client, alice, recovery):
    response = alice_client.post(PAGE, {"action": "off", "password": "wrong"})
    assert response.status_code == 200
    assert "Nothing was changed" in response.text
    assert two_factor.is_on(alice)

    response = alice_client.post(PAGE, {"action": "off", "password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    assert 'data-two-factor="off"' in alice_client.get(PAGE).text


def test_after_turning_it_off_the_password_alone_signs_in(alice_client, visitor, app):
    alice_client.post(PAGE, {"action": "off", "password": PASSWORD})
    assert password_step(visitor)["Location"] == "/dashboard/"


def test_new_recovery_codes_need_the_password_and_replace_the_old(alice_client, recovery):
    alice_client.post(PAGE, {"action": "new_codes", "password": "wrong"})
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(recovery)
    response = alice_client.post(PAGE, {"action": "new_codes", "password": PASSWORD})
    shown = [part.split("<")[0] for part in response.text.split("data-recovery-code>")[1:]]
    assert len(shown) == 10
    assert not set(shown) & set(recovery)
    assert StaticToken.objects.count() == 10


# Someone else


def test_someone_else_cannot_touch_it(bob_client, alice, recovery):
    # Bob's page is about Bob's account: off, and his actions change nothing of Alice's.
    assert 'data-two-factor="off"' in bob_client.get(PAGE).text
    for action in ("off", "new_codes", "confirm", "cancel"):
        bob_client.post(PAGE, {"action": action, "password": PASSWORD, "code": "123456"})
    assert two_factor.is_on(alice)
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(recovery)


def test_someone_elses_pending_setup_is_not_confirmed(alice_client, bob_client, alice):
    alice_client.post(PAGE, {"action": "start", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=alice)
    bob_client.post(PAGE, {"action": "confirm", "code": code_for(device)})
    device.refresh_from_db()
    assert not device.confirmed


def test_a_recovery_code_of_someone_else_does_not_work(visitor, bob, recovery):
    TOTPDevice.objects.create(user=bob, name="Authenticator app", confirmed=True)
    password_step(visitor, "bob")
    response = visitor.post(STEP, {"code": recovery[0]})
    assert "That code did not work" in response.text
    assert not signed_in(visitor)


# Data out, account gone


def test_the_export_never_includes_the_secret_or_codes(alice_client, app, recovery):
    response = alice_client.get("/journal/export/json/")
    body = b"".join(response.streaming_content).decode()
    json.loads(body)
    secret = base64.b32encode(app.bin_key).decode()
    for private in (app.key, secret, *recovery):
        assert private.lower() not in body.lower()


def test_deleting_the_account_removes_the_devices(alice_client, alice, recovery):
    assert TOTPDevice.objects.exists() and StaticToken.objects.exists()
    data = {"password": PASSWORD, "code": recovery[0]}
    assert alice_client.post("/accounts/delete/", data).status_code == 302
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()
    assert not StaticToken.objects.exists()


# Someone who knows the password sends wrong codes, from ever new addresses and browsers


def attacker(n: int) -> Client:
    return Client(REMOTE_ADDR=f"203.0.113.{n}")


def test_wrong_codes_from_others_never_keep_the_owners_right_code_out(alice, app, clock):
    owner = Client(REMOTE_ADDR="198.51.100.1")
    password_step(owner)
    assert owner.post(STEP, {"code": code_for(app)})["Location"] == "/dashboard/"  # known browser
    owner.post("/accounts/logout/")
    clock.shift(60)

    # 40 wrong codes from 40 addresses, each in a sign-in of its own, the last a moment
    # before the owner's.
    for n in range(40):
        client = attacker(n)
        password_step(client)
        client.post(STEP, {"code": wrong_code(app)})
    password_step(owner)
    response = owner.post(STEP, {"code": code_for(app, 1)})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert signed_in(owner)


def test_the_slow_down_belongs_to_the_sign_in_it_happened_in(alice, app, clock):
    # Even from a new browser: the attacker's wrong code a moment ago does not make the
    # owner wait.
    intruder = attacker(1)
    password_step(intruder)
    intruder.post(STEP, {"code": wrong_code(app)})
    assert "Wait a few seconds" in intruder.post(STEP, {"code": wrong_code(app)}).text
    owner = attacker(99)
    password_step(owner)
    assert owner.post(STEP, {"code": code_for(app)})["Location"] == "/dashboard/"


def test_guessing_across_many_sign_ins_is_limited_per_account(alice, app, clock):
    for n in range(10):  # TWO_FACTOR_CODES_PER_HOUR from browsers new to the account
        client = attacker(n)
        password_step(client)
        assert "That code did not work" in client.post(STEP, {"code": wrong_code(app)}).text
    late = attacker(50)
    password_step(late)
    refused = late.post(STEP, {"code": code_for(app)})
    assert "new devices wait a while" in refused.text
    assert not signed_in(late)
    clock.shift(6 * 60 + 1)  # one guess back every 6 minutes
    password_step(late)
    assert late.post(STEP, {"code": code_for(app, 1)})["Location"] == "/dashboard/"


def test_a_known_browser_cookie_is_for_its_account_only(alice, bob, app, clock):
    TOTPDevice.objects.create(user=bob, name="Authenticator app", confirmed=True)
    bobs = attacker(7)
    password_step(bobs, "bob")
    bob_device = TOTPDevice.objects.get(user=bob)
    assert bobs.post(STEP, {"code": code_for(bob_device)})["Location"] == "/dashboard/"
    bobs.post("/accounts/logout/")
    for n in range(10):
        client = attacker(n)
        password_step(client)
        client.post(STEP, {"code": wrong_code(app)})
    # Bob's browser is known to Bob's account, not to Alice's.
    password_step(bobs)
    assert "new devices wait a while" in bobs.post(STEP, {"code": code_for(app)}).text
