from __future__ import annotations

import re
import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.core.validators import MaxLengthValidator
from django.template import loader
from django.utils.translation import gettext_lazy as _

from journal.dates import check_day, input_bounds
from journal.mail import queue_message
from journal.models import Situation

from .models import User
from .two_factor import normalise


def readable_zone(name: str) -> str:
    """A zone as people read it: "Europe/Berlin" is "Berlin (Europe)"."""
    parts = name.replace("_", " ").split("/")
    if len(parts) == 1:
        return parts[0]
    return f"{parts[-1]} ({' / '.join(parts[:-1])})"


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = zoneinfo.available_timezones() - {"localtime", "Factory"}
    return sorted(((name, readable_zone(name)) for name in names), key=lambda c: c[1])


TIMEZONE_MESSAGES = {
    "invalid_choice": _("Choose your time zone from the list: the city whose clock you live by."),
    "required": _("Choose your time zone: the city whose clock you live by."),
}


class SignupForm(UserCreationForm):
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
        widget=forms.Select(attrs={"data-detect-timezone": ""}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.timezone = self.cleaned_data.get("timezone") or "UTC"
        if commit:
            user.save()
        return user


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        help_text=_("The city whose clock you live by. Your days end at midnight here."),
        error_messages=TIMEZONE_MESSAGES,
    )

    class Meta:
        model = User
        fields = (
            "timezone",
            "email",
            "email_reminders",
            "calendar_names",
            "friend_name",
            "friend_email",
        )
        labels = {"email": _("Email (optional)")}
        help_texts = {
            "friend_email": _(
                "Optional. When you ask, they get one short email saying you could use a "
                "call; nothing from your journal."
            )
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("email_reminders") and not cleaned.get("email"):
            self.add_error("email", _("Reminders need an email address."))
        if bool(cleaned.get("friend_name")) != bool(cleaned.get("friend_email")):
            self.add_error(
                "friend_email" if cleaned.get("friend_name") else "friend_name",
                _("A friend needs both a name and an email address, or neither."),
            )
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Nothing was deleted."))
        return password


class SituationForm(forms.ModelForm):
    """The user's honest answers about the breakup, their ex and themselves."""

    class Meta:
        model = Situation
        fields = Situation.ANSWERS
        widgets = {
            "broke_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "whose_side": forms.RadioSelect,
            "their_rough_patch": forms.RadioSelect,
            "their_behaviour": forms.RadioSelect,
            "open_to_contact": forms.RadioSelect,
            "slow_plan": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "their_rough_patch": _("Illness in the family, a crisis, a hard time in their life."),
            "their_behaviour": _("Something they did that they would not promise to stop."),
            "slow_plan": _(
                "What would you do differently: meet less often, try new things together, "
                "keep it private until you are sure?"
            ),
            "safety_concern": _(
                "If so, the app will never suggest contact, and shows where to get support."
            ),
            "open_to_contact": _(
                "Only a clear yes from them counts. Being blocked or asked for no contact is the "
                "separate question below."
            ),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["whose_side"].required = True
        self.fields["whose_side"].choices = Situation.WhoseSide.choices
        self.fields["broke_up_on"].widget.attrs.update(input_bounds(latest=user.local_today()))
        # No blank radio: not answering leaves it unknown, which never counts as yes.
        self.fields["open_to_contact"].choices = [
            ("yes", _("Yes, they have said so")),
            ("no", _("No")),
            ("unsure", _("I don't know")),
        ]

    def clean_broke_up_on(self):
        day, today = self.cleaned_data["broke_up_on"], self.user.local_today()
        if day is None:
            return None
        if day > today:
            raise forms.ValidationError(_("That date is in the future."))
        return check_day(day, today)

    def save(self, commit: bool = True) -> Situation:
        self.instance.user = self.user
        return super().save(commit)


class LoginForm(AuthenticationForm):
    """Django's login form, with its username length actually enforced.

    Django only sets the field's `maxlength` attribute; a longer username was passed on to
    authentication, and the failed-attempt record of a username over 255 characters made
    PostgreSQL refuse the insert (a 500).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class ConfirmPasswordForm(forms.Form):
    """The account's password again, before a change to how it signs in."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Nothing was changed."))
        return password


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


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose mail is built here and sent by the worker.

    Building the message takes a few milliseconds; sending it (a mail server can take a
    second) would tell, by the time the page takes, that the address has an account.
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
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        queue_message(subject, text, [to_email], html=html)
