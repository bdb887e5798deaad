"""What the dashboard suggests doing next, decided here rather than in its template.

Plain data in, plain data out: the verdict (and, on a first run, the suggested waiting
length) become a short list of steps, each a label, a link and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journal.readiness.rules import State, Verdict
from journal.stats import JournalSummary
from journal.waiting import Suggestion


@dataclass(frozen=True)
class Step:
    key: str  # a stable name, written as data-step for tests and scripts
    label: str
    url: str
    detail: str = ""


def _tip(slug: str) -> str:
    return reverse("advice:tip", args=[slug])


def next_steps(verdict: Verdict) -> list[Step]:
    """At most three steps: care first under a hard stop, what is missing while not yet,
    and how to go about it once every condition is met."""
    if verdict.state is State.NOT_ADVISED:
        return [
            Step("write", _("Write down how you feel today"), reverse("journal:entry_new")),
            Step("waiting", _("See your waiting periods"), reverse("journal:period_list")),
            Step("read", _("Read: you are whole on your own"), _tip("you-dont-need-them")),
        ]
    if verdict.next_steps:
        return [
            Step(c.key, c.action_label, reverse(c.action) + c.fragment, c.detail)
            for c in verdict.next_steps
        ]
    return [
        Step("honest", _("Be honest: say how you feel, then listen"), _tip("be-honest")),
        Step("slow", _("Take it slow"), _tip("take-it-slow")),
        Step("either_way", _("Remember you will be fine either way"), _tip("you-dont-need-them")),
    ]


def is_first_run(verdict: Verdict, summary: JournalSummary, begun: bool) -> bool:
    """Nothing written in the last year and nothing else begun (`begun`: a waiting period,
    a change, answers): invite a first step instead of counting conditions.

    A hard stop is never hidden behind a welcome, so it is never a first run.
    """
    return verdict.state is not State.NOT_ADVISED and not (summary.days or begun)


def first_steps(suggestion: Suggestion) -> list[Step]:
    """Where to begin on an empty dashboard: a first entry, a first waiting period with
    its suggested length, and the guide."""
    days = ngettext(
        "A good length for you to start with: %(days)d day.",
        "A good length for you to start with: %(days)d days.",
        suggestion.days,
    ) % {"days": suggestion.days}
    return [
        Step(
            "write",
            _("Write your first entry"),
            reverse("journal:entry_new"),
            _("A few lines about today: how you feel, one thing you did for yourself."),
        ),
        Step(
            "waiting",
            _("Start a waiting period"),
            reverse("journal:period_new"),
            _("Time with no contact, to think clearly.") + " " + days,
        ),
        Step(
            "read",
            _("Read the guide"),
            reverse("advice:index"),
            _("Seven short tips, about ten minutes in all."),
        ),
    ]
