from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from journal.models import Situation

from .models import User


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Only used to reset your password and for reminders you ask for."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        help_text=_("An IANA name such as Europe/Berlin. Your days end at midnight here."),
    )

    class Meta:
        model = User
        fields = ("timezone", "email", "email_reminders", "friend_name", "friend_email")
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
        fields = (
            "broke_up_on",
            "whose_side",
            "their_rough_patch",
            "their_behaviour",
            "open_to_contact",
            "together_months",
            "asked_no_contact",
            "safety_concern",
            "honest",
            "slow_plan",
            "accept_no",
        )
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
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["whose_side"].required = True
        self.fields["whose_side"].choices = Situation.WhoseSide.choices

    def clean_broke_up_on(self):
        day = self.cleaned_data["broke_up_on"]
        if day and day > self.user.local_today():
            raise forms.ValidationError(_("That date is in the future."))
        return day

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
