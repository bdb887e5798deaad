from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _

from .models import (
    URGE_MESSAGE_MAX,
    Answer,
    Entry,
    FocusArea,
    LogisticsContact,
    ReasonToWait,
    Situation,
    Trigger,
    Urge,
    WaitingPeriod,
)
from .waiting import Suggestion, suggest_waiting_days

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


class EntryForm(forms.ModelForm):
    mood = forms.TypedChoiceField(
        label=_("Mood"),
        choices=MOOD_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Entry
        fields = ("day", "title", "body", "mood", "focus")
        labels = {"body": _("What happened, what you worked on, what you noticed")}
        help_texts = {"body": _("Markdown works: **bold**, lists, links. Up to 20,000 characters.")}
        widgets = {"day": DateInput(), "body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, user: AbstractUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["day"].initial = user.local_today()
        # Only the user's own areas: a posted id of anyone else's is "not one of the choices".
        self.fields["focus"].queryset = FocusArea.objects.filter(user=user, archived=False)
        self.fields["focus"].empty_label = _("None")
        self.fields["focus"].label = _("Change this is about")

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if day > self.user.local_today():
            raise forms.ValidationError(_("That day is in the future. Pick today or earlier."))
        return day


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


class WaitingPeriodForm(forms.ModelForm):
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
            "days": _("From 1 to 365. Common choices: 14, 21, 30, 60 or 90 days."),
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
        self.suggestion = suggested_length(user)
        self.fields["days"].initial = self.suggestion.days
        self.fields["label"].initial = _("No contact")

    def clean_start(self) -> dt.date:
        start = self.cleaned_data["start"]
        if start > self.user.local_today():
            raise forms.ValidationError(_("The start can't be in the future."))
        return start


def suggested_length(user: AbstractUser) -> Suggestion:
    """The suggestion for this user, from the answers on the readiness page."""
    situation = Situation.objects.filter(user=user).only("together_months", "broke_up_on").first()
    return suggest_waiting_days(
        situation.together_months if situation else None,
        situation.broke_up_on if situation else None,
        user.local_today(),
    )


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


# The hard moment


class UrgeForm(forms.Form):
    message = forms.CharField(
        label=_("What you want to say to them (optional)"),
        required=False,
        max_length=URGE_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Write it here, where it can never be sent. Or leave it empty."),
    )
    triggers = forms.MultipleChoiceField(
        label=_("What set it off?"),
        choices=Trigger.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pick at least one; “Something else” is fine."),
            "invalid_choice": _("Pick from the list; “Something else” is fine."),
        },
    )
    trigger_note = forms.CharField(
        label=_("A few words about it (optional)"), required=False, max_length=200
    )
    intensity = forms.IntegerField(
        label=_("How strong is it, from 1 to 10?"),
        min_value=1,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 10}),
        help_text=_("1 is a passing thought, 10 the strongest you have felt."),
        error_messages={
            "required": _("A number from 1 to 10."),
            "min_value": _("A number from 1 to 10."),
            "max_value": _("A number from 1 to 10."),
            "invalid": _("A number from 1 to 10."),
        },
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it go?"), choices=Urge.Outcome.choices, widget=forms.RadioSelect
    )


class DraftDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("let_go", _("Let it go")), ("keep", _("Keep it"))])


class ReasonForm(forms.ModelForm):
    class Meta:
        model = ReasonToWait
        fields = ("text",)
        labels = {"text": _("A reason to wait")}
        help_texts = {"text": _("For yourself, in your words. Up to 300 characters.")}


class LogisticsContactForm(forms.ModelForm):
    class Meta:
        model = LogisticsContact
        fields = ("day", "note")
        labels = {"note": _("What it was about")}
        help_texts = {"note": _("Children, a shared lease, returning belongings.")}
        widgets = {"day": DateInput()}

    def __init__(self, *args, user: AbstractUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["day"].initial = user.local_today()

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if day > self.user.local_today():
            raise forms.ValidationError(_("That day is in the future. Pick today or earlier."))
        if day.year < 1900:
            raise forms.ValidationError(_("That day is too long ago."))
        return day
