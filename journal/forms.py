from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .dates import check_day, input_bounds
from .models import Answer, Entry, FocusArea, WaitingPeriod, local_midnight

MOOD_CHOICES = [
    ("", _("No mood noted")),
    (1, _("1 · very low")),
    (2, _("2 · low")),
    (3, _("3 · okay")),
    (4, _("4 · good")),
    (5, _("5 · very good")),
]
PERIOD_PRESETS = (14, 21, 30, 60, 90)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


BODY_LIMIT = 20_000
DATE_MESSAGE = _("Write the day as a date, such as 2026-03-14.")


class EntryForm(forms.ModelForm):
    mood = forms.TypedChoiceField(
        label=_("Mood"),
        choices=MOOD_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a mood from 1 to 5, or none.")},
    )

    class Meta:
        model = Entry
        fields = ("day", "title", "body", "mood", "focus")
        labels = {"body": _("What happened, what you worked on, what you noticed")}
        help_texts = {
            "body": _("Markdown works: **bold**, lists, links. Up to 20,000 characters."),
        }
        error_messages = {
            "day": {
                "required": _("Choose the day this entry is about."),
                "invalid": DATE_MESSAGE,
            },
            "title": {
                "required": _("Give the entry a title: a few words are enough."),
                "max_length": _("A title holds up to 120 characters; this one has %(show_value)d."),
            },
            "body": {
                "max_length": _(
                    "An entry holds up to 20,000 characters; this one has %(show_value)d. Nothing "
                    "is saved yet: shorten it, or split it into two entries."
                ),
            },
            "focus": {"invalid_choice": _("Choose one of your changes, or none.")},
        }
        # No maxlength on the body: a browser would cut a long paste silently. The server
        # says how long it is instead, and static/js/counter.js counts as you type.
        widgets = {
            "day": DateInput(),
            "body": forms.Textarea(
                attrs={
                    "rows": 10,
                    "data-limit": BODY_LIMIT,
                    # The counter's words, translated here; {n} is the number.
                    "data-left": _("{n} characters left"),
                    "data-over": _("{n} characters too many: shorten it, or split it in two"),
                }
            ),
        }

    def __init__(self, *args, user: AbstractUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["day"].initial = user.local_today()
        self.fields["day"].widget.attrs.update(input_bounds(latest=user.local_today()))
        # Only the user's own areas: a posted id of anyone else's is "not one of the choices".
        self.fields["focus"].queryset = FocusArea.objects.filter(user=user, archived=False)
        self.fields["focus"].empty_label = _("None")
        self.fields["focus"].label = _("Change this is about")
        self.fields["body"].widget.attrs.pop("maxlength", None)

    def clean_day(self) -> dt.date:
        day, today = self.cleaned_data["day"], self.user.local_today()
        if day > today:
            raise forms.ValidationError(_("That day is in the future. Pick today or earlier."))
        return check_day(day, today)


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ("name", "about_breakup", "need_to_fix", "want_to_fix", "for_myself", "notes")
        labels = {"about_breakup": _("This was one of the reasons for the breakup")}
        widgets = {
            "need_to_fix": forms.RadioSelect,
            "want_to_fix": forms.RadioSelect,
            "for_myself": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user: AbstractUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["archived"] = forms.BooleanField(
                label=_("Archived (no longer working on it)"),
                required=False,
                initial=self.instance.archived,
            )
        for name in ("need_to_fix", "want_to_fix", "for_myself"):
            self.fields[name].choices = Answer.choices

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = FocusArea.objects.filter(user=self.user, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("You already have a change with that name."))
        return name

    def save(self, commit: bool = True) -> FocusArea:
        self.instance.user = self.user
        if "archived" in self.fields:
            self.instance.archived = self.cleaned_data["archived"]
        return super().save(commit)


class DaysInput(forms.NumberInput):
    """A number box that offers the usual lengths (a <datalist>) and takes any other."""

    template_name = "journal/widgets/days_input.html"

    def get_context(self, name: str, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}-presets"
        context["presets"] = PERIOD_PRESETS
        return context


DAYS_MESSAGE = _("Choose a number of days from 1 to 365.")


class WaitingPeriodForm(forms.ModelForm):
    # Set, hidden, once the overlap question has been asked: sending the form again says yes.
    confirm_overlap = forms.BooleanField(required=False, widget=forms.HiddenInput)
    needs_confirmation = False

    class Meta:
        model = WaitingPeriod
        fields = ("label", "start", "days", "purpose")
        labels = {
            "label": _("Name"),
            "days": _("How many days"),
            "purpose": _("Why you are waiting (optional)"),
        }
        help_texts = {
            "start": _("Today or earlier: you can count days you have already kept."),
            "days": _("Any number of days from 1 to 365. Common choices: 14, 21, 30, 60 or 90."),
        }
        error_messages = {
            "label": {"required": _("Give it a name, such as “No contact”.")},
            "start": {
                "required": _("Choose the day it started."),
                "invalid": _("Write the day as a date, such as 2026-03-14."),
            },
            "days": {
                "required": DAYS_MESSAGE,
                "invalid": DAYS_MESSAGE,
                "min_value": DAYS_MESSAGE,
                "max_value": DAYS_MESSAGE,
            },
        }
        widgets = {
            "start": DateInput(),
            "days": DaysInput(attrs={"min": 1, "max": 365}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: AbstractUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["start"].initial = user.local_today()
        self.fields["start"].widget.attrs.update(input_bounds(latest=user.local_today()))
        self.fields["days"].initial = 30
        self.fields["label"].initial = _("No contact")

    def clean_start(self) -> dt.date:
        start, today = self.cleaned_data["start"], self.user.local_today()
        if start > today:
            raise forms.ValidationError(_("The start can't be in the future."))
        return check_day(start, today)

    def clean_days(self) -> int:
        days = self.cleaned_data["days"]
        if not 1 <= days <= 365:
            raise forms.ValidationError(DAYS_MESSAGE)
        return days

    def clean(self) -> dict:
        cleaned = super().clean()
        start, days = cleaned.get("start"), cleaned.get("days")
        if start is None or days is None or cleaned.get("confirm_overlap"):
            return cleaned
        running = self.overlapping(start, days)
        if running:
            period, ends_at = running
            self.needs_confirmation = True
            # Asked once: the same form sent again is the answer "yes, start another".
            self.data = self.data.copy()
            self.data[self.add_prefix("confirm_overlap")] = "on"
            raise forms.ValidationError(
                _(
                    "You already have “%(label)s” running until %(ends)s. Start another? Two can "
                    "run side by side when they are about different things, such as no contact "
                    "and no social media."
                )
                % {"label": period.label, "ends": date_format(ends_at, "j M")},
                code="overlap",
            )
        return cleaned

    def overlapping(self, start: dt.date, days: int) -> tuple[WaitingPeriod, dt.datetime] | None:
        """A period still running now whose current run overlaps the new one, with its end."""
        now, tz = timezone.now(), self.user.tzinfo
        new_start = local_midnight(start, tz)
        new_end = local_midnight(start + dt.timedelta(days=days), tz)
        for period in WaitingPeriod.objects.filter(user=self.user):
            ends_at = period.ends_at(tz)
            if ends_at > now and period.started_at < new_end and new_start < ends_at:
                return period, ends_at.astimezone(tz)
        return None


class ResetForm(forms.Form):
    note = forms.CharField(
        label=_("What happened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A line for yourself: it helps to see patterns later."),
    )


class ImportForm(forms.Form):
    problem = ""  # set when the upload is refused before it is read

    file = forms.FileField(
        label=_("Export file"),
        allow_empty_file=True,  # the importer says "The file is empty" in its own words
        help_text=_(
            "This app's JSON export, jrnl's JSON export (jrnl --export json), or Day One's "
            "JSON export (Journal.json, or the zip it comes in). Up to 20 MB."
        ),
    )
