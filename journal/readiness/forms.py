"""The situation form: the honest answers the readiness rules read."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reconnect.lib.dates import check_past_day, input_bounds

from ..models import Situation

if TYPE_CHECKING:
    from ..auth import User


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

    def clean_broke_up_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data["broke_up_on"]
        return None if day is None else check_past_day(day, self.user.local_today())

    def save(self, commit: bool = True) -> Situation:
        self.instance.user = self.user
        return super().save(commit)
