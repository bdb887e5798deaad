"""Email users whose waiting period reached a milestone or its end; once per event.

Run it from cron, e.g. every hour: a second run sends nothing new. It prints only a
count: the names of people's waiting periods never go to its output or the log, nor to
the task queue, which keeps the reminders' ids and nothing else: the mail is written when
it is sent (reminder_letter), in plain text, from templates/journal/email/reminder.txt and
reminder_subject.txt.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from journal.models import Reminder, WaitingPeriod
from reconnect.lib.language import in_language_of
from reconnect.lib.mail import Letter, mail_is_set_up, queue_letter


class News(TypedDict):
    """One waiting period's newest milestone, as the reminder template reads it."""

    label: str
    days: int
    kept: int
    left: int
    complete: bool


def reminder_mail(name: str, periods: list[News]) -> tuple[str, str]:
    """The subject and plain-text body of one person's reminder, from its templates."""
    context = {"name": name, "periods": periods}
    # A subject is one line, whatever line breaks the template has.
    subject = " ".join(render_to_string("journal/email/reminder_subject.txt", context).split())
    return subject, render_to_string("journal/email/reminder.txt", context)


def reminder_letter(reminder_ids: list[int]) -> Letter | None:
    """One person's reminder for the milestones just recorded: each period's newest (after
    a long gap, only the newest milestone is news)."""
    reminders = Reminder.objects.filter(pk__in=reminder_ids).select_related("period__user")
    newest: dict[int, Reminder] = {}
    for reminder in reminders:
        if reminder.period_id not in newest or reminder.day > newest[reminder.period_id].day:
            newest[reminder.period_id] = reminder
    if not newest:
        return None  # the periods, or the account, were deleted since
    user = next(iter(newest.values())).period.user
    if not user.email:
        return None
    with in_language_of(user):
        # A locked journal's names open only in its owner's session: plain words instead.
        neutral = gettext("Waiting period")
        news = [
            News(
                label=neutral if user.journal_locked else r.period.label,
                days=r.period.days,
                kept=r.day,
                left=r.period.days - r.day,
                complete=r.day == r.period.days,
            )
            for r in sorted(newest.values(), key=lambda r: r.period.started_at)
        ]
        subject, body = reminder_mail(user.get_username(), news)
    return Letter(subject=subject, text=body, to=[user.email], discreet=user.discreet)


class Command(BaseCommand):
    help = "Send reminder emails for waiting-period milestones and ends (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        # A server without email (production with no EMAIL_HOST) sends nothing. Nothing is
        # recorded as sent either, so reminders go once EMAIL_HOST is set.
        if not mail_is_set_up():
            self.stdout.write("Email is not set up on this server (EMAIL_HOST): sent nothing.")
            return
        now = timezone.now()
        periods = (
            WaitingPeriod.objects.filter(user__email_reminders=True, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .prefetch_related("reminders")
            .order_by("user_id", "started_at")
        )
        queued: dict[int, list[int]] = {}
        for period in periods:
            tz = period.user.tzinfo
            sent = {r.day for r in period.reminders.all() if r.run_started_at == period.started_at}
            reached = [d for d in period.milestones() if period.reached_at(d, tz) <= now]
            new = [d for d in reached if d not in sent]
            if not new:
                continue
            try:
                with transaction.atomic():
                    # Recording first makes a run that overlaps another send nothing twice.
                    made = Reminder.objects.bulk_create(
                        Reminder(
                            period=period, run_started_at=period.started_at, day=d, sent_at=now
                        )
                        for d in new
                    )
            except IntegrityError:
                continue
            queued.setdefault(period.user_id, []).extend(r.pk for r in made)
        for reminder_ids in queued.values():
            queue_letter(reminder_letter, reminder_ids=reminder_ids)
        self.stdout.write(f"Queued {len(queued)} reminder email(s).")
