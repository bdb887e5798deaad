"""How guessable a new password is: zxcvbn's estimate, as a Django password validator."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from zxcvbn import zxcvbn

# A longer password is judged by its first 32 characters: zxcvbn's time grows quickly
# with length (a 72-character run like "!\"#$%…" takes seconds of CPU, a denial of
# service on the sign-up form), and 32 characters of a passphrase say enough.
CHECKED_LENGTH = 32


class GuessabilityValidator:
    """Refuse passwords zxcvbn scores below `min_score` (0 to 4; 3 is "safely unguessable").

    Catches what length and a list of common passwords miss: "Password123!",
    "aaaaaaaaaaaa", a keyboard row, the username with a year.
    """

    def __init__(self, min_score: int = 3) -> None:
        self.min_score = min_score

    def validate(self, password: str, user: object = None) -> None:
        hints = [
            str(getattr(user, field, "") or "")[:CHECKED_LENGTH] for field in ("username", "email")
        ]
        result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=[h for h in hints if h])
        if result["score"] >= self.min_score:
            return
        raise ValidationError(
            _(
                "This password would be easy to guess. A few unrelated words together, "
                "such as a short odd sentence, are strong and easy to remember."
            ),
            code="password_too_guessable",
        )

    def get_help_text(self) -> str:
        return _("Hard to guess: a few unrelated words together work well.")


# Django's own checks, in our words: the same rules, said as a person would say them.


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "That password is a little short: it needs at least %(min_length)d character.",
            "That password is a little short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("That password is close to your %(verbose_name)s, so easy to guess.")

    def get_help_text(self) -> str:
        return _("Not like your username or email address.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Many people use that password, so it is one of the first to be tried.")

    def get_help_text(self) -> str:
        return _("Not one that many people use.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("A password of only numbers is quick to guess: add some words.")

    def get_help_text(self) -> str:
        return _("Not only numbers.")
