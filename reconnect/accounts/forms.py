from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from functools import cache
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from django import forms
from django.conf import settings
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from journal.models.entries import fold
from reconnect.lib.mail import queue_letter

from . import letters, two_factor
from .models import IDLE_MINUTES_MAX, IDLE_MINUTES_SUGGESTED, User
from .two_factor import normalise


def readable_zone(name: str, language: str = "en") -> str:
    """A zone as people read it, in their language: "Europe/Madrid" is "Madrid (Spain)",
    "Madrid (España)" in Spanish; the city and its country, never the continent's code."""
    locale = Locale.parse(to_locale(language))
    city = get_timezone_location(name, locale=locale, return_city=True)
    territory = get_global("zone_territories").get(name)
    # A country, not a code for the world or a region ("001", "ZZ" unknown).
    known = territory and territory.isalpha() and territory != "ZZ"
    country = locale.territories.get(territory) if known else None
    return f"{city} ({country})" if country and country != city else city


@cache
def _zone_choices(language: str) -> list[tuple[str, str]]:
    names = zoneinfo.available_timezones() - {"localtime", "Factory"}
    return sorted(
        ((name, readable_zone(name, language)) for name in names),
        key=lambda c: (fold(c[1]), c[0]),  # "Ámsterdam" among the A's
    )


class LongSelect(forms.Select):
    """A select for hundreds of options: the same HTML, a fraction of the time to draw."""

    template_name = "accounts/long_select.html"


def timezone_choices() -> list[tuple[str, str]]:
    """Every zone, named in the language of the page (Django asks for them on each form)."""
    return _zone_choices(get_language() or settings.LANGUAGE_CODE)


TIMEZONE_MESSAGES = {
    "invalid_choice": _("Choose your time zone from the list: the city whose clock you live by."),
    "required": _("Choose your time zone: the city whose clock you live by."),
}


# Our own words for the account pages, where Django's would otherwise show: the same
# checks, said as a person would say them.
PASSWORD_HELP = _(
    "At least 12 characters, and hard to guess: a few unrelated words together work well, "
    "like a short odd sentence."
)
MISMATCH = _("The two passwords are not the same. Type them again, slowly.")
USERNAME_WORDS = {
    "required": _("Choose a username: it is what you sign in with."),
    "invalid": _("A username can have letters, numbers and @ . + - _ but no spaces."),
    "max_length": _("That is longer than 150 characters: a shorter name works better."),
    "unique": _("That username is taken. Try another: it only needs to be yours."),
}
EMAIL_WORDS = {
    "invalid": _("That does not look like an email address, such as sam@example.org."),
    "max_length": _("That email address is too long for this app."),
}


def _use_our_words(form: forms.BaseForm, words: dict[str, dict[str, Any]]) -> None:
    """Put labels, help texts and error messages of our own on a form's fields.

    `words` maps a field to "label", "help" and error codes ("required", "invalid"…).
    A validator's message is replaced too, since a field's own message for a code wins.
    """
    for name, field_words in words.items():
        field = form.fields[name]
        for key, text in field_words.items():
            if key == "label":
                field.label = text
            elif key == "help":
                field.help_text = text
            else:
                field.error_messages[key] = text


class SignupForm(UserCreationForm[User]):
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Only used to reset your password and for reminders you ask for."),
    )
    # static/js/timezone.js picks the browser's zone where it says one; without script,
    # or if the browser says nothing, UTC stays chosen and can be changed here or later.
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        required=False,
        initial="UTC",
        help_text=_("Your days end at midnight here. You can change it later in Settings."),
        error_messages=TIMEZONE_MESSAGES,
        widget=LongSelect(attrs={"data-detect-timezone": ""}),
    )

    error_messages = {"password_mismatch": MISMATCH}

    # The stubs leave out the Meta that Django's form has (model, and `username` as a
    # UsernameField); it exists at run time, and this one extends it.
    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined,misc]
        model = User
        fields = ("username", "email")
        # A duplicate username is found by the model's check, which reads these.
        error_messages = {"username": {"unique": USERNAME_WORDS["unique"]}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_our_words(
            self,
            {
                "username": {
                    **USERNAME_WORDS,
                    "help": _(
                        "What you sign in with; nobody else sees it. Letters, numbers and "
                        "@ . + - _ up to 150."
                    ),
                },
                "email": EMAIL_WORDS,
                "password1": {
                    "help": PASSWORD_HELP,
                    "required": _("Choose a password."),
                },
                "password2": {
                    "label": _("The same password again"),
                    "help": _("So that a typing slip cannot lock you out."),
                    "required": _("Type the password once more, to be sure."),
                },
            },
        )

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        user.timezone = self.cleaned_data.get("timezone") or "UTC"
        if commit:
            user.save()
        return user


class ProfileForm(forms.ModelForm[User]):
    language = forms.ChoiceField(
        label=_("Language"),
        # Each language by its own name, so it can be found whichever one the page is in.
        choices=[("", _("As my browser says")), ("en", "English"), ("es", "Español")],
        required=False,
        help_text=_("The app's words, dates and emails to you."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        help_text=_("The city whose clock you live by. Your days end at midnight here."),
        error_messages=TIMEZONE_MESSAGES,
        widget=LongSelect,
    )

    class Meta:
        model = User
        fields = (
            "language",
            "timezone",
            "email",
            "email_reminders",
            "calendar_names",
            "friend_name",
            "friend_email",
            "display_name",
            "callback_phone",
            "discreet",
            "quick_exit",
            "idle_minutes",
        )
        labels = {"email": _("Email (optional)")}
        widgets = {
            "callback_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "idle_minutes": forms.NumberInput(
                attrs={"min": 1, "max": IDLE_MINUTES_MAX, "inputmode": "numeric"}
            ),
        }
        help_texts = {
            "friend_email": _(
                "Optional. When you ask, they get one short email saying you could use a "
                "call; nothing from your journal."
            )
        }

    # A new email address is where a password reset goes: whoever holds only a signed-in
    # session (a browser left open, a stolen cookie) could otherwise take the account over
    # through it. So changing it needs the password and, with two-factor on, a code too.
    password = forms.CharField(
        label=_("Your current password"),
        required=False,
        strip=False,
        help_text=_("Only needed when you change your email address."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("A code from your app"),
        required=False,
        max_length=64,
        help_text=_(
            "Only needed when you change your email address: six digits from your app, "
            "or a recovery code."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(
        self, *args: Any, code_allowed: Callable[[], bool] = lambda: True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        idle_words = _("A number of minutes from 1 to %(most)s, or empty for never.") % {
            "most": IDLE_MINUTES_MAX
        }
        _use_our_words(
            self,
            {
                "email": EMAIL_WORDS,
                "friend_email": EMAIL_WORDS,
                "idle_minutes": {
                    "invalid": idle_words,
                    "min_value": idle_words,
                    "max_value": idle_words,
                },
            },
        )
        self.old_email = self.instance.email
        self.had_quick_exit = self.instance.quick_exit
        # `code_allowed()` is asked just before a code is checked, and says False when the
        # account's guesses from new devices are spent (the two-factor sign-in's bucket).
        self.code_allowed = code_allowed
        self.two_factor = two_factor.is_on(self.instance)
        if not self.two_factor:
            del self.fields["code"]
        order = list(self.fields)
        for name in ("password", "code"):
            if name in order:
                order.remove(name)
                order.insert(order.index("email") + 1 + (name == "code"), name)
        self.order_fields(order)

    @property
    def email_changed(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("email") != self.old_email)

    def clean_callback_phone(self) -> str:
        phone = " ".join(self.cleaned_data["callback_phone"].split())
        if phone and (
            not re.fullmatch(r"\+?[0-9 ().-]+", phone) or sum(c.isdigit() for c in phone) < 5
        ):
            raise forms.ValidationError(
                _("A phone number: digits, with spaces, dashes or a + if you like.")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("email_reminders") and not cleaned.get("email"):
            self.add_error("email", _("Reminders need an email address."))
        if bool(cleaned.get("friend_name")) != bool(cleaned.get("friend_email")):
            self.add_error(
                "friend_email" if cleaned.get("friend_name") else "friend_name",
                _("A friend needs both a name and an email address, or neither."),
            )
        if "email" in cleaned and cleaned["email"] != self.old_email:
            self._check_it_is_you(cleaned)
        # The quick exit and an idle sign-out go together: turning the one on sets the
        # other to a few minutes, unless a time was chosen. It can be emptied after.
        if (
            cleaned.get("quick_exit")
            and not self.had_quick_exit
            and cleaned.get("idle_minutes") is None
            and "idle_minutes" not in self.errors
        ):
            cleaned["idle_minutes"] = IDLE_MINUTES_SUGGESTED
        return cleaned

    def _check_it_is_you(self, cleaned: dict[str, Any]) -> None:
        """The password, then (with two-factor on) a code, before the email address changes.

        A code is only checked once everything else is right, so a recovery code is not
        used up by a form that is sent back for another reason.
        """
        password = cleaned.get("password") or ""
        if not password:
            self.add_error(
                "password", _("To change your email address, type your current password.")
            )
            return
        if not self.instance.check_password(password):
            self.add_error(
                "password",
                _("That is not your password. Your email address was not changed."),
            )
            return
        if not self.two_factor:
            return
        code = cleaned.get("code") or ""
        if not code:
            self.add_error(
                "code",
                _("To change your email address, type the code your app shows now."),
            )
        elif self.errors:
            return
        elif not self.code_allowed():
            self.add_error(
                "code",
                _(
                    "Many codes have been tried for this account lately. Try again in a "
                    "few minutes, or from a device you signed in on before."
                ),
            )
        elif two_factor.check_sign_in_code(self.instance, code) is not two_factor.Check.ACCEPTED:
            self.add_error(
                "code",
                _("That code did not work. Your email address was not changed."),
            )


class LocalisedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose mail is written in its reader's language by the worker.

    Sending a mail (a server can take a second) in the request would tell, by the time the
    page takes, that the address has an account; queuing the link itself would keep it in
    the queue's table. The worker writes it from the user's id (letters.password_reset).
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        queue_letter(
            letters.password_reset,
            user_id=context["user"].pk,
            domain=context["domain"],
            protocol=context["protocol"],
        )


class LoginForm(AuthenticationForm):
    """Django's login form, with its username length actually enforced.

    Django only sets the field's `maxlength` attribute; a longer username was passed on to
    authentication, and the failed-attempt record of a username over 255 characters made
    PostgreSQL refuse the insert (a 500).
    """

    error_messages = {
        "invalid_login": _(
            "That username and password do not match an account. Check both; capital letters count."
        ),
        "inactive": _("This account is switched off. Whoever runs this app can switch it on."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        assert isinstance(field, forms.CharField)  # noqa: S101 - for mypy: Django's UsernameField
        field.validators.append(MaxLengthValidator(field.max_length))
        _use_our_words(
            self,
            {
                "username": {
                    "required": _("Type your username."),
                    "max_length": USERNAME_WORDS["max_length"],
                },
                "password": {"required": _("Type your password.")},
            },
        )


class ResetRequestForm(LocalisedPasswordResetForm):
    """The forgotten-password form, in our words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_our_words(
            self,
            {
                "email": {
                    **EMAIL_WORDS,
                    "label": _("Your email address"),
                    "help": _(
                        "The one in your Settings. A link to choose a new password goes there."
                    ),
                    "required": _("Type the email address in your Settings."),
                }
            },
        )


NEW_PASSWORD_WORDS: dict[str, dict[str, Any]] = {
    "new_password1": {
        "label": _("New password"),
        "help": PASSWORD_HELP,
        "required": _("Choose a new password."),
    },
    "new_password2": {
        "label": _("The new password again"),
        "help": _("So that a typing slip cannot lock you out."),
        "required": _("Type the new password once more, to be sure."),
    },
}


class NewPasswordForm(SetPasswordForm[User]):
    """Choosing a new password after a reset link, in our words."""

    error_messages = {"password_mismatch": MISMATCH}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_our_words(self, NEW_PASSWORD_WORDS)


class ChangePasswordForm(PasswordChangeForm):
    """Changing the password while signed in, in our words."""

    error_messages = {
        "password_mismatch": MISMATCH,
        "password_incorrect": _("That is not your current password. Nothing was changed."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_our_words(
            self,
            {
                **NEW_PASSWORD_WORDS,
                "old_password": {
                    "label": _("Your current password"),
                    "required": _("Type your current password first."),
                },
            },
        )


class ConfirmPasswordForm(forms.Form):
    """The account's password again, before a change to how it signs in."""

    wrong_password = _("That is not your password. Nothing was changed.")
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        _use_our_words(self, {"password": {"required": _("Type your password to confirm.")}})

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(self.wrong_password)
        return password


class DeleteAccountForm(ConfirmPasswordForm):
    """The password once more before everything is deleted, and with two-factor sign-in on,
    a code too: a password alone, known or guessed, must not be enough to erase it all."""

    wrong_password = _("That is not your password. Nothing was deleted.")

    def __init__(
        self,
        user: User,
        *args: Any,
        code_allowed: Callable[[], bool] = lambda: True,
        **kwargs: Any,
    ) -> None:
        super().__init__(user, *args, **kwargs)
        # As in ProfileForm: asked just before a code is checked; False when the account's
        # guesses from new devices are spent.
        self.code_allowed = code_allowed
        if two_factor.is_on(user):
            self.fields["code"] = forms.CharField(
                label=_("A code from your app"),
                max_length=64,
                help_text=_("Six digits from your app, or a recovery code."),
                error_messages={
                    "required": _("Type the code your app shows now. Nothing was deleted."),
                    "max_length": _("That is longer than any code: type the one your app shows."),
                },
                widget=forms.TextInput(
                    attrs={
                        "autocomplete": "one-time-code",
                        "autocapitalize": "none",
                        "spellcheck": "false",
                    }
                ),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("code")
        # Checked only once the password is right, so a wrong password spends no recovery
        # code and none of the account's guesses.
        if not code or self.errors:
            return cleaned
        if not self.code_allowed():
            self.add_error(
                "code",
                _(
                    "Many codes have been tried for this account lately. Try again in a "
                    "few minutes, or from a device you signed in on before."
                ),
            )
        elif two_factor.check_sign_in_code(self.user, code) is not two_factor.Check.ACCEPTED:
            self.add_error("code", _("That code did not work. Nothing was deleted."))
        return cleaned


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app, or (when signing in) a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, recovery: bool, **kwargs: Any) -> None:
        self.recovery = recovery
        super().__init__(*args, **kwargs)
        _use_our_words(
            self,
            {
                "code": {
                    "required": _("Type the code your app shows."),
                    "max_length": _("That is longer than any code: type the one your app shows."),
                }
            },
        )
        if not recovery:
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
            self.fields["code"].help_text = _("The six digits your app shows now.")
        else:
            self.fields["code"].help_text = _("Six digits from your app, or a recovery code.")

    def clean_code(self) -> str:
        code = normalise(self.cleaned_data["code"])
        if re.fullmatch(r"[0-9]{6}", code):
            return code
        if self.recovery and re.fullmatch(r"[a-z2-7]{8}", code):
            return code
        if self.recovery:
            raise forms.ValidationError(
                _(
                    "A code from your app has six digits; "
                    "a recovery code has eight letters and numbers."
                )
            )
        raise forms.ValidationError(_("The code from your app has six digits."))


class UnlockForm(forms.Form):
    """Open a locked journal on this device: the recovery code after a reset by mail, or
    the password when this device has lost its key (a cleared cookie)."""

    recovery_code = forms.CharField(
        label=_("Your recovery code"),
        required=False,
        max_length=200,
        help_text=_("The eight words you were given when you locked your journal."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Or your password, if it has not been reset"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("recovery_code") and not cleaned.get("password"):
            raise forms.ValidationError(_("Type your recovery code, or your password."))
        if "\x00" in cleaned.get("recovery_code", ""):
            self.add_error("recovery_code", _("That is not a recovery code."))
        return cleaned
