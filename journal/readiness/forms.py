"""The situation form: the honest answers the readiness rules read."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.forms.utils import ErrorList, flatatt
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from reconnect.lib.dates import check_past_day, input_bounds

from ..models import Situation

if TYPE_CHECKING:
    from ..auth import User


class Option(TypedDict):
    """One radio button of a question."""

    value: object
    id: str
    label: str
    attrs: SafeString


class Question(TypedDict):
    """One field as readiness/_answers.html writes it."""

    kind: str  # the widget's type: radioselect, checkbox, textarea, date, number…
    id: str
    name: str
    label: str
    required: bool
    errors: ErrorList
    help: str
    describedby: str | None  # a radio question's fieldset's
    options: list[Option]  # a radio question's
    value: object  # any other's
    type: str | None  # an input's
    attrs: SafeString  # any other's, but for those the template writes itself


class SituationForm(forms.ModelForm[Situation]):
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

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        whose_side, open_to_contact = self.fields["whose_side"], self.fields["open_to_contact"]
        # For mypy: both are model fields with choices.
        assert isinstance(whose_side, forms.ChoiceField)  # noqa: S101 - for mypy, as said
        assert isinstance(open_to_contact, forms.ChoiceField)  # noqa: S101 - for mypy, as said
        whose_side.required = True
        whose_side.choices = Situation.WhoseSide.choices
        self.fields["broke_up_on"].widget.attrs.update(input_bounds(latest=user.local_today()))
        # No blank radio: not answering leaves it unknown, which never counts as yes.
        open_to_contact.choices = [
            ("yes", _("Yes, they have said so")),
            ("no", _("No")),
            ("unsure", _("I don't know")),
        ]

    def questions(self) -> list[Question]:
        """Each field as readiness/_answers.html writes it, every value read once.

        Read through Django's bound fields in the template, each value a few times over,
        the form was most of the readiness page's time. Attributes are written by
        Django's flatatt, which crispy-forms' own templates write them with.
        """
        found: list[Question] = []
        for field in self:
            kind = field.widget_type
            widgets = [widget.data for widget in field.subwidgets]
            first = widgets[0]
            # The template writes these itself, in crispy's order.
            own = {"class"} if kind == "checkbox" else {"class", "id"}
            found.append(
                {
                    "kind": kind,
                    "id": field.auto_id,
                    "name": field.html_name,
                    "label": str(field.label),
                    "required": field.field.required,
                    "errors": field.errors,
                    "help": str(field.help_text),
                    "describedby": field.aria_describedby if kind == "radioselect" else None,
                    "options": [
                        {
                            "value": widget["value"],
                            "id": widget["attrs"].get("id", ""),
                            "label": widget["label"],
                            "attrs": flatatt(widget["attrs"]),
                        }
                        for widget in widgets
                    ]
                    if kind == "radioselect"
                    else [],
                    "value": first["value"],
                    "type": first.get("type"),
                    "attrs": flatatt(
                        {name: value for name, value in first["attrs"].items() if name not in own}
                    ),
                }
            )
        return found

    def clean_broke_up_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data["broke_up_on"]
        return None if day is None else check_past_day(day, self.user.local_today())

    def save(self, commit: bool = True) -> Situation:
        self.instance.user = self.user
        return super().save(commit)
