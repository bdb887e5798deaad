"""The hard moment's forms: the urge written down, how it went, a draft, a reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reconnect.lib import limits

from ..models import URGE_MESSAGE_MAX, ReasonToWait, Trigger, Urge

STRENGTH_WORDS = _("A number from 1 to 10, or none.")


class UrgeForm(forms.Form):
    """Everything is optional: an empty form starts the pause, which is what matters."""

    message = forms.CharField(
        label=_("What you want to say to them (optional)"),
        required=False,
        max_length=URGE_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    triggers = forms.MultipleChoiceField(
        label=_("What set it off?"),
        choices=Trigger.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Pick from the list; “Something else” is fine.")},
    )
    trigger_note = forms.CharField(
        label=_("A few words about it (optional)"),
        required=False,
        max_length=limits.TRIGGER_NOTE_MAX,
    )
    intensity = forms.TypedChoiceField(
        label=_("How strong is it?"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("1 is a passing thought, 10 the strongest you have felt."),
        error_messages={"invalid_choice": STRENGTH_WORDS},
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it go?"), choices=Urge.Outcome.choices, widget=forms.RadioSelect
    )


class LetGoForm(forms.Form):
    """Letting a draft go deletes its words, unless the person ticks to keep them."""

    keep_words = forms.BooleanField(
        label=_("Keep the words in my records, out of sight"), required=False
    )


class DraftDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("let_go", _("Let it go")), ("keep", _("Keep it"))])


class ReasonForm(forms.ModelForm[ReasonToWait]):
    class Meta:
        model = ReasonToWait
        fields = ("text",)
        labels = {"text": _("A reason to wait")}
        help_texts = {
            "text": limits.words(
                _("For yourself, in your words. Up to %(limit)s characters."),
                limit=limits.REASON_MAX,
            )
        }
