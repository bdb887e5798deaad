"""The readiness page: the situation form, the verdict and the checklist."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from advice.models import SUPPORT_FOR_STOP, SupportLine, support_lines
from journal.auth import AuthenticatedHttpRequest
from journal.models import ReadinessSnapshot, Situation
from journal.readiness.facts import assess, record_readiness
from journal.readiness.forms import SituationForm
from journal.readiness.rules import Condition, Status, StopKind, Verdict
from journal.rows import url_maker

TIMELINE_POINTS = 60


# The session key of the quiet "Saved." after the readiness answers are sent.
ANSWERS_SAVED = "readiness_answers_saved"


class Support(TypedDict):
    """The help that fits one hard stop, and the lines listed for it."""

    stop: StopKind
    kind: SupportLine.Kind
    lines: list[SupportLine]
    reasons: list[str]


def support_for(verdict: Verdict) -> list[Support]:
    """The support that fits each kind of hard stop, with the lines configured for it.

    One query, and only under a hard stop.
    """
    if not verdict.kinds:
        return []
    lines = support_lines([SUPPORT_FOR_STOP[kind] for kind in verdict.kinds])
    return [
        {
            "stop": kind,
            "kind": SUPPORT_FOR_STOP[kind],
            "lines": lines[SUPPORT_FOR_STOP[kind]],
            "reasons": [stop.reason for stop in verdict.stops if stop.kind == kind],
        }
        for kind in verdict.kinds
    ]


MARKS = {Status.MET: "✓", Status.UNMET: "✗", Status.UNKNOWN: "?"}


def checklist_rows(conditions: list[Condition]) -> dict[str, SafeString]:
    """The checklist's rows by side ("you", "them"), drawn here as the journal's rows are
    (journal/rows.py): through the template engine, ten rows were a third of the page's
    template time. What rows share (each status's mark and badge, the words, the tips'
    address) is drawn once a page, and format_html escapes everything a rule wrote
    (titles, details, the names of changes)."""
    tip = url_maker("advice:tip")
    actions: dict[str, str] = {}
    badges = {
        Status.MET: _("met"),
        Status.UNMET: _("not met"),
        Status.UNKNOWN: _("not known yet"),
    }
    statuses = {
        status: (conditional_escape(status.value), conditional_escape(MARKS[status]), badge)
        for status, badge in badges.items()
    }
    why = conditional_escape(_("Why this matters"))
    rows: dict[str, list[tuple[object, ...]]] = {"you": [], "them": []}
    for c in conditions:
        # Only what is not met yet says where to change it.
        action = ""
        if not c.met:
            if c.action not in actions:
                actions[c.action] = reverse(c.action)
            action = format_html(
                ' · <a class="target" href="{}{}">{}</a>',
                actions[c.action],
                c.fragment,
                c.action_label,
            )
        key = conditional_escape(c.key)
        status, mark, badge = statuses[c.status]
        rows[c.side].append(
            (
                key,
                key,
                status,
                status,
                mark,
                c.title,
                status,
                badge,
                c.detail,
                tip(c.tip),
                why,
                action,
            )
        )
    return {
        side: format_html_join(
            "",
            '<li id="condition-{}" class="list-group-item condition" '
            'data-condition="{}" data-status="{}"><div class="d-flex gap-2">'
            '<span class="condition-mark condition-{}" aria-hidden="true">{}</span>'
            '<div><div class="fw-semibold">{} <span class="visually-hidden">: </span>'
            '<span class="badge rounded-pill status-{}">{}</span></div>'
            '<div class="small">{}</div><div class="small mt-1">'
            '<a class="target" href="{}">{}</a>{}</div></div></div></li>',
            items,
        )
        for side, items in rows.items()
    }


@login_required
def readiness(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = None
    if request.method == "POST":
        situation = Situation.objects.filter(user=request.user).first()
        form = SituationForm(request.POST, instance=situation, user=request.user)
        if form.is_valid():
            form.save()
            record_readiness(request.user)
            # Said quietly beside the verdict, never as a banner above a hard stop.
            request.session[ANSWERS_SAVED] = True
            return redirect(f"{reverse('readiness')}#verdict")
    verdict, records = assess(request.user, timezone.now())
    support = support_for(verdict)
    return render(
        request,
        "readiness/readiness.html",
        {
            # Answers sent with a mistake are shown as sent; otherwise the saved ones.
            "form": form or SituationForm(initial=records.answers, user=request.user),
            "verdict": verdict,
            "support": support,
            "quick_exit_here": bool(support),
            "saved": request.session.pop(ANSWERS_SAVED, False),
            # Until the questions are answered, they are open; then the verdict leads.
            "answered": records.answers is not None,
            "rows": checklist_rows(verdict.checklist),
        },
    )


def timeline_points(user_id: int) -> list[tuple[dt.datetime, int, int, str]]:
    """The last TIMELINE_POINTS stored verdicts, oldest first, as the timeline reads them."""
    rows = (
        ReadinessSnapshot.objects.filter(user_id=user_id)
        .order_by("-at")
        .values_list("at", "met", "total", "state")[:TIMELINE_POINTS]
    )
    return list(reversed(rows))
