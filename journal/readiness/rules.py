"""The readiness rules: plain data in, a verdict with its reasons out.

No ORM and no request here, so the rules can be read, tested exhaustively and
explained. `journal.readiness.facts.gather_facts` builds the `Facts` from a user's records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

GROWTH_MIN_ENTRIES = 6
GROWTH_MIN_WEEKS = 3
GROWTH_WINDOW_DAYS = 90
WAIT_MIN_DAYS = 30
SLOW_PLAN_MIN_CHARS = 20


class State(StrEnum):
    READY = "ready"
    NOT_YET = "not_yet"
    NOT_ADVISED = "not_advised"


class Status(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ChangeFacts:
    """One active change the user is working on, with its answers (yes/no/unsure).

    `pk` names the change for the pages that link to it; the rules never read it, so two
    facts with the same answers are equal whatever their changes' keys.
    """

    name: str
    about_breakup: bool
    need_to_fix: str
    want_to_fix: str
    for_myself: str
    entry_count: int
    pk: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PeriodFacts:
    """One waiting period's current run: its length and whether it has run to its end."""

    label: str
    days: int
    complete: bool
    days_left: int


@dataclass(frozen=True)
class SituationFacts:
    """The user's answers, one field for each name in `journal.models.Situation.ANSWERS`."""

    whose_side: str  # "mine", "theirs", "both", "circumstances" or "" (not answered)
    their_rough_patch: str  # "none", "ongoing", "resolved", "unsure"
    their_behaviour: str  # "none", "changed", "unchanged", "unsure"
    asked_no_contact: bool
    safety_concern: bool
    honest: bool
    slow_plan: str
    accept_no: bool
    open_to_contact: str = ""  # "yes", "no", "unsure" or "" (not answered)
    broke_up_on: dt.date | None = None
    together_months: int | None = None


@dataclass(frozen=True)
class Facts:
    entry_days: dict[dt.date, int]  # entries per day, at least the last GROWTH_WINDOW_DAYS
    changes: tuple[ChangeFacts, ...] = ()
    periods: tuple[PeriodFacts, ...] = ()
    situation: SituationFacts | None = None


@dataclass(frozen=True)
class Condition:
    key: str
    side: str  # "you" or "them"
    status: Status
    title: str
    detail: str
    tip: str  # the slug of the advice page it comes from
    action: str  # the URL name of the page that would change it
    action_label: str
    fragment: str = ""  # where on that page, as "#id", or ""

    @property
    def met(self) -> bool:
        return self.status is Status.MET


class StopKind(StrEnum):
    """Why contact is not advised; each kind gets its own words and its own support."""

    SAFETY = "safety"
    NO_CONTACT = "no_contact"
    NOT_FIXING = "not_fixing"


@dataclass(frozen=True)
class Stop:
    kind: StopKind
    reason: str


# What still matters for the person under a hard stop: their own growth and waiting.
FOR_YOURSELF = ("growth", "waited")


@dataclass(frozen=True)
class Verdict:
    state: State
    conditions: list[Condition]
    stops: list[Stop] = field(default_factory=list)  # why reaching out is not advised

    @property
    def stopped(self) -> bool:
        return self.state is State.NOT_ADVISED

    @property
    def kinds(self) -> list[StopKind]:
        """The kinds of hard stop that apply, each once, safety first."""
        present = {stop.kind for stop in self.stops}
        return [kind for kind in StopKind if kind in present]

    @property
    def safety_concern(self) -> bool:
        return StopKind.SAFETY in self.kinds

    @property
    def checklist(self) -> list[Condition]:
        """The conditions as a checklist to show; none under a hard stop.

        Under a hard stop, met badges and a count would read as "almost there", and a
        link beside the answer that caused the stop as an invitation to change it.
        """
        return [] if self.stopped else self.conditions

    @property
    def for_yourself(self) -> list[Condition]:
        """What still matters for the person whatever the verdict: their own growth and waiting."""
        return [c for c in self.conditions if c.key in FOR_YOURSELF]

    @property
    def next_steps(self) -> list[Condition]:
        """At most three missing conditions, each leading somewhere different."""
        steps: list[Condition] = []
        for c in self.missing:
            if all((c.action, c.fragment) != (s.action, s.fragment) for s in steps):
                steps.append(c)
        return steps[:3]

    @property
    def met(self) -> int:
        return sum(c.met for c in self.conditions)

    @property
    def total(self) -> int:
        return len(self.conditions)

    @property
    def missing(self) -> list[Condition]:
        """What stands in the way, most actionable first.

        Actionable means: what the user can change soonest. A question not yet answered
        comes first (a minute's work), then what is unmet on their own side (days or
        weeks of work), and last what is unmet on the ex's side, which only time and
        the ex can change. Ties keep the order of the guide.
        """

        def effort(c: Condition) -> int:
            if c.status is Status.UNKNOWN:
                return 0
            return 1 if c.side == "you" else 2

        pending = [c for c in self.conditions if not c.met]
        return sorted(pending, key=lambda c: (effort(c), ORDER.index(c.key)))


ORDER = (
    "growth",
    "waited",
    "reflected",
    "for_myself",
    "honest",
    "slow",
    "accept_no",
    "good_place",
    "changed",
    "open",
)


def evaluate(facts: Facts, today: dt.date) -> Verdict:
    """Decide whether reaching out is advised, and say why, condition by condition."""
    conditions = [
        _growth(facts, today),
        _waited(facts),
        _reflected(facts),
        _for_myself(facts),
        *_own_answers(facts.situation),
        *_their_side(facts.situation),
    ]
    stops = _hard_stops(facts)
    if stops:
        state = State.NOT_ADVISED
    elif all(c.met for c in conditions):
        state = State.READY
    else:
        state = State.NOT_YET
    return Verdict(state=state, conditions=conditions, stops=stops)


def _hard_stops(facts: Facts) -> list[Stop]:
    stops = []
    situation = facts.situation
    if situation and situation.safety_concern:
        stops.append(
            Stop(
                StopKind.SAFETY,
                _(
                    "You said there was abuse, or that you feel afraid of your ex. Your safety "
                    "comes first, always: this app will never suggest contact."
                ),
            )
        )
    if situation and situation.asked_no_contact:
        stops.append(
            Stop(
                StopKind.NO_CONTACT,
                _(
                    "Your ex asked for no contact, or blocked you. Respecting that is the kind "
                    "and right thing to do, however much it hurts."
                ),
            )
        )
    for change in facts.changes:
        if change.about_breakup and "no" in (change.need_to_fix, change.want_to_fix):
            stops.append(
                Stop(
                    StopKind.NOT_FIXING,
                    _(
                        "You answered no to needing or wanting to change “%(name)s”, one of the "
                        "reasons for the breakup. Without that change, trying again would likely "
                        "end the same way. It is all right to choose this: it is an honest answer."
                    )
                    % {"name": change.name},
                )
            )
    return stops


def _growth(facts: Facts, today: dt.date) -> Condition:
    first = today - dt.timedelta(days=GROWTH_WINDOW_DAYS - 1)
    window = {day: n for day, n in facts.entry_days.items() if first <= day <= today and n}
    entries = sum(window.values())
    weeks = len({day - dt.timedelta(days=day.weekday()) for day in window})
    met = entries >= GROWTH_MIN_ENTRIES and weeks >= GROWTH_MIN_WEEKS
    numbers = {
        "entries": entries,
        "min_entries": GROWTH_MIN_ENTRIES,
        "weeks": weeks,
        "min_weeks": GROWTH_MIN_WEEKS,
        "window": GROWTH_WINDOW_DAYS,
    }
    if met:
        detail = (
            _(
                "%(entries)d entries on %(weeks)d different weeks in the last %(window)d days "
                "(%(min_entries)d on %(min_weeks)d weeks are needed)."
            )
            % numbers
        )
    elif weeks >= GROWTH_MIN_WEEKS:
        # Only the number still short says "of": "on 4 of 3 weeks" read as a mistake.
        detail = (
            _(
                "%(entries)d of %(min_entries)d entries, on %(weeks)d different weeks, in the "
                "last %(window)d days."
            )
            % numbers
        )
    elif entries >= GROWTH_MIN_ENTRIES:
        detail = (
            _(
                "%(entries)d entries, on %(weeks)d of %(min_weeks)d different weeks, in the last "
                "%(window)d days."
            )
            % numbers
        )
    else:
        detail = (
            _(
                "%(entries)d of %(min_entries)d entries, on %(weeks)d of %(min_weeks)d different "
                "weeks, in the last %(window)d days."
            )
            % numbers
        )
    return Condition(
        key="growth",
        side="you",
        status=Status.MET if met else Status.UNMET,
        title=_("You have been working on yourself, over weeks"),
        detail=detail,
        tip="work-on-yourself",
        action="journal:entry_new",
        action_label=_("Write an entry"),
    )


def _waited(facts: Facts) -> Condition:
    running = [p for p in facts.periods if not p.complete]
    long_enough = [p for p in facts.periods if p.complete and p.days >= WAIT_MIN_DAYS]
    if running:
        # Met only once none runs: the period that ends last is the one it waits for.
        last = max(running, key=lambda p: p.days_left)
        detail = ngettext(
            "“%(label)s” is still running: %(left)d day left.",
            "“%(label)s” is still running: %(left)d days left.",
            last.days_left,
        ) % {"label": last.label, "left": last.days_left}
        status, action, label = Status.UNMET, "journal:period_list", _("See your waiting periods")
    elif long_enough:
        detail = _("You kept a waiting period of %(days)d days to its end.") % {
            "days": max(p.days for p in long_enough)
        }
        status, action, label = Status.MET, "journal:period_list", _("See your waiting periods")
    else:
        detail = _("No waiting period of at least %(min)d days has run to its end yet.") % {
            "min": WAIT_MIN_DAYS
        }
        status, action, label = Status.UNMET, "journal:period_new", _("Start a waiting period")
    return Condition(
        key="waited",
        side="you",
        status=status,
        title=_("You have given it real time"),
        detail=detail,
        tip="wait",
        action=action,
        action_label=label,
    )


def _reflected(facts: Facts) -> Condition:
    reasons = [a for a in facts.changes if a.about_breakup]
    situation = facts.situation
    partly_mine = situation is None or situation.whose_side in ("", "mine", "both")
    base = {
        "key": "reflected",
        "side": "you",
        "title": _("You have faced your part in the breakup"),
        "tip": "show-how-you-have-changed",
        "action": "journal:focus_list",
        "action_label": _("Answer the questions for each change"),
    }
    if not reasons:
        if partly_mine:
            return Condition(
                **base,
                status=Status.UNKNOWN,
                detail=_(
                    "If the breakup was partly yours, name what was yours to change, and answer "
                    "the two questions for it."
                ),
            )
        return Condition(
            **base, status=Status.MET, detail=_("You named no reason of yours for the breakup.")
        )
    unready = [
        a for a in reasons if a.need_to_fix != "yes" or a.want_to_fix != "yes" or a.entry_count < 1
    ]
    if not unready:
        detail = ngettext(
            "You need and want to fix the %(n)d reason of yours, and you have written about it.",
            "You need and want to fix all %(n)d reasons of yours, and have written about each.",
            len(reasons),
        ) % {"n": len(reasons)}
        return Condition(**base, status=Status.MET, detail=detail)
    first = unready[0]
    if first.need_to_fix != "yes" or first.want_to_fix != "yes":
        detail = _(
            "“%(name)s”: this is met once you can honestly answer yes to both “do I need to "
            "fix this?” and “do I want to fix this?”."
        )
    else:
        detail = _("“%(name)s”: write at least one entry about the work you are doing on it.")
    detail = detail % {"name": first.name}
    if len(unready) > 1:
        detail += " " + ngettext(
            "%(n)d more reason needs the same.",
            "%(n)d more reasons need the same.",
            len(unready) - 1,
        ) % {"n": len(unready) - 1}
    return Condition(**base, status=Status.UNMET, detail=detail)


def _for_myself(facts: Facts) -> Condition:
    base = {
        "key": "for_myself",
        "side": "you",
        "title": _("You are changing for yourself"),
        "tip": "you-dont-need-them",
        "action": "journal:focus_list",
        "action_label": _("Look at your changes"),
    }
    if not facts.changes:
        return Condition(
            **base,
            status=Status.UNKNOWN,
            detail=_("Add the changes you are working on, and ask of each: is this for me?"),
        )
    others = [a for a in facts.changes if a.for_myself != "yes"]
    if not others:
        return Condition(
            **base,
            status=Status.MET,
            detail=ngettext(
                "Your %(n)d change is for yourself.",
                "All %(n)d of your changes are for yourself.",
                len(facts.changes),
            )
            % {"n": len(facts.changes)},
        )
    return Condition(
        **base,
        status=Status.UNMET,
        detail=ngettext(
            "%(n)d of %(total)d changes is not yet answered “for myself”: %(names)s.",
            "%(n)d of %(total)d changes are not yet answered “for myself”: %(names)s.",
            len(others),
        )
        % {
            "n": len(others),
            "total": len(facts.changes),
            "names": ", ".join(a.name for a in others),
        },
    )


def _own_answers(situation: SituationFacts | None) -> list[Condition]:
    def answered(key: str, title: str, tip: str, met: bool, yes: str, no: str) -> Condition:
        if situation is None:
            status, detail = Status.UNKNOWN, _("Not answered yet.")
            label = _("Answer the questions about you")
        else:
            status, detail = (Status.MET, yes) if met else (Status.UNMET, no)
            label = _("Look at your answers again")
        return Condition(
            key=key,
            side="you",
            status=status,
            title=title,
            detail=detail,
            tip=tip,
            action="readiness",
            action_label=label,
            fragment="#answers",
        )

    plan = situation.slow_plan.strip() if situation else ""
    return [
        answered(
            "honest",
            _("You can say plainly how you feel, and listen"),
            "be-honest",
            bool(situation and situation.honest),
            _("You are ready for a plain, honest conversation."),
            _("Not yet: no grand gestures, just what is true. Take the time you need."),
        ),
        answered(
            "slow",
            _("You have a plan to take it slow"),
            "take-it-slow",
            len(plan) >= SLOW_PLAN_MIN_CHARS,
            _("You have written a plan for a slow restart."),
            _(
                "Write a plan of at least %(n)d characters: what new things would you do, and how "
                "often would you meet?"
            )
            % {"n": SLOW_PLAN_MIN_CHARS},  # fmt: skip
        ),
        answered(
            "accept_no",
            _("You accept that the answer may be no"),
            "you-dont-need-them",
            bool(situation and situation.accept_no),
            _("You know you will be all right either way."),
            _("Not yet. You are whole on your own; it is worth getting there first."),
        ),
    ]


def _their_side(situation: SituationFacts | None) -> list[Condition]:
    def condition(key: str, title: str, tip: str, status: Status, detail: str) -> Condition:
        return Condition(
            key=key,
            side="them",
            status=status,
            title=title,
            detail=detail,
            tip=tip,
            action="readiness",
            action_label=_("Answer the questions about your ex")
            if status is Status.UNKNOWN
            else _("Update your answers"),
            fragment="#answers",
        )

    ask = _("Not answered yet.")
    if situation is None:
        good = changed = (Status.UNKNOWN, ask)
        open_ = (Status.UNKNOWN, ask)
    else:
        good = {
            "none": (Status.MET, _("There was no rough patch on their side.")),
            "resolved": (Status.MET, _("The rough patch on their side is over.")),
            "ongoing": (Status.UNMET, _("Their rough patch is still going on: give it time.")),
            "unsure": (Status.UNKNOWN, _("You don't know yet whether their rough patch is over.")),
        }[situation.their_rough_patch]
        changed = {
            "none": (Status.MET, _("Nothing in their behaviour caused the breakup.")),
            "changed": (Status.MET, _("The behaviour that caused the breakup has changed.")),
            "unchanged": (
                Status.UNMET,
                _(
                    "The behaviour that caused the breakup hasn't changed yet, so the same "
                    "hurt could come back."
                ),
            ),
            "unsure": (Status.UNKNOWN, _("You don't know yet whether their behaviour changed.")),
        }[situation.their_behaviour]
        open_ = _open(situation)
    return [
        condition(
            "good_place",
            _("Your ex is in a good place"),
            "make-sure-they-are-in-a-good-place",
            *good,
        ),
        condition(
            "changed",
            _("What they did that hurt has changed"),
            "make-sure-they-are-in-a-good-place",
            *changed,
        ),
        condition("open", _("They are open to contact"), "safety", *open_),
    ]


def _open(situation: SituationFacts) -> tuple[Status, str]:
    """Only an explicit yes meets it: not knowing, or not having answered, never does."""
    if situation.asked_no_contact:
        return Status.UNMET, _("They asked for no contact, or blocked you.")
    return {
        "yes": (Status.MET, _("You know they are open to hearing from you.")),
        "no": (Status.UNMET, _("They are not open to hearing from you now.")),
        "unsure": (Status.UNKNOWN, _("You don't know yet whether they are open to it.")),
    }.get(
        situation.open_to_contact,
        (Status.UNKNOWN, _("You haven't said yet whether they are open to hearing from you.")),
    )
