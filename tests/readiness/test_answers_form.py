"""The readiness answers form, written in one template loop, is what crispy-forms writes
for it: the same elements with the same attributes, and the same text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.template import Context, Template
from django.template.loader import get_template

from journal.readiness.forms import SituationForm
from reconnect.accounts.models import User
from tests.conftest import SITUATION
from tests.markup import elements


def read(html: str) -> tuple[list[tuple[str, list[tuple[str, str]]]], str]:
    """What a browser reads: each element with its attributes (in any order), and the text."""
    tags = [(tag, sorted(attrs.items())) for tag, attrs in elements(html)]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", html)).strip()
    return tags, text


def crispy(form: SituationForm) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def ours(form: SituationForm) -> str:
    return get_template("readiness/_answers.html").render({"form": form})


def with_mistakes(user: User) -> SituationForm:
    form = SituationForm(
        {
            **SITUATION,
            "broke_up_on": "3000-01-01",
            "whose_side": "nobody",
            "together_months": "-1",
            "slow_plan": '<b>plan</b> & "quotes" </textarea>',
            "honest": "",
        },
        user=user,
    )
    assert not form.is_valid()
    form.add_error(None, "Something about the whole <form>.")
    return form


FORMS: dict[str, Callable[[User], SituationForm]] = {
    "empty": lambda user: SituationForm(user=user),
    "answered": lambda user: SituationForm(
        initial={**SITUATION, "honest": True, "accept_no": True, "together_months": 14},
        user=user,
    ),
    "sent": lambda user: SituationForm(SITUATION, user=user),
    "with mistakes": with_mistakes,
}


@pytest.mark.parametrize("state", FORMS)
def test_it_writes_what_crispy_writes(alice, state):
    make = FORMS[state]
    html = ours(make(alice))
    assert 'name="whose_side"' in html and 'name="slow_plan"' in html
    assert read(html) == read(crispy(make(alice)))


def test_what_was_sent_is_escaped(alice):
    html = ours(with_mistakes(alice))
    assert "&lt;b&gt;plan&lt;/b&gt; &amp; &quot;quotes&quot; &lt;/textarea&gt;</textarea>" in html
    assert "Something about the whole &lt;form&gt;." in html
    assert 'aria-invalid="true"' in html
