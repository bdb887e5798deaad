"""The hard moment's forms: the urge written down, how it went, a draft, a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reconnect.lib import limits

from ..models import HELPED_OTHER, URGE_MESSAGE_MAX, HelpChoice, ReasonToWait, Trigger, Urge

if TYPE_CHECKING:
    from .helped import Question

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


NO_NUL = _("Remove the invisible null characters; nothing was changed.")


class HelpedForm(forms.Form):
    """ "What helped?": `helped` adds an answer (a key of the person's list, or "other"
    with `helped_note`), `take_back` removes one given, `skip` answers nothing."""

    helped_note = forms.CharField(
        label=_("In a few words"),
        required=False,
        max_length=limits.HELPED_NOTE_MAX,
        error_messages={
            "max_length": limits.words(
                _("A few words are enough: up to %(limit)s characters. Nothing was changed."),
                limit=limits.HELPED_NOTE_MAX,
            ),
            "null_characters_not_allowed": NO_NUL,
        },
    )
    skip = forms.BooleanField(required=False)

    def __init__(self, data: Any, asked: Question) -> None:
        super().__init__(data)
        keys = [option.key for option in asked.options]
        given = sorted(asked.chosen) + ([HELPED_OTHER] if asked.other_note is not None else [])
        self.fields["helped"] = forms.ChoiceField(
            required=False,
            choices=[(key, key) for key in ["", *keys, HELPED_OTHER]],
            error_messages={"invalid_choice": _("That is not on your list; nothing was changed.")},
        )
        self.fields["take_back"] = forms.ChoiceField(
            required=False,
            choices=[(key, key) for key in ["", *given]],
            error_messages={"invalid_choice": _("That answer is not there; nothing was changed.")},
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors or data.get("skip"):
            return data
        if not data.get("helped") and not data.get("take_back"):
            raise forms.ValidationError(_("Tap one of the choices; nothing was changed."))
        if data.get("helped") == HELPED_OTHER and not data.get("helped_note"):
            raise forms.ValidationError(
                _("Say in a few words what helped, then save; nothing was changed.")
            )
        return data

    def problem(self) -> str:
        """The first thing wrong, in words, for the message that says nothing changed."""
        return str(next(iter(self.errors.values()))[0])


class HelpChoiceForm(forms.ModelForm[HelpChoice]):
    """An item of the person's own on their list of what helps, in their words."""

    def __init__(self, *args: Any, taken: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = {label.casefold() for label in taken}
        self.fields["label"].required = True

    class Meta:
        model = HelpChoice
        fields = ("label",)
        labels = {"label": _("Something that helps you")}
        help_texts = {
            "label": limits.words(
                _("In your words, up to %(limit)s characters: “a cold shower”, “my dog”."),
                limit=limits.HELP_LABEL_MAX,
            )
        }
        error_messages = {
            "label": {
                "required": _("Write a few words first."),
                "max_length": limits.words(
                    _("Up to %(limit)s characters; this has %%(show_value)d."),
                    limit=limits.HELP_LABEL_MAX,
                ),
                "null_characters_not_allowed": NO_NUL,
            }
        }

    def clean_label(self) -> str:
        label: str = self.cleaned_data["label"].strip()
        if label.casefold() in self.taken:
            raise forms.ValidationError(_("That one is already on your list."))
        return label
