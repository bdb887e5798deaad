"""The hard moment's forms: the urge written down, how it went, a draft, a reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import URGE_MESSAGE_MAX, ReasonToWait, Trigger, Urge


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


class ReasonForm(forms.ModelForm[ReasonToWait]):
    class Meta:
        model = ReasonToWait
        fields = ("text",)
        labels = {"text": _("A reason to wait")}
        help_texts = {"text": _("For yourself, in your words. Up to 300 characters.")}
