"""Email users whose waiting period reached a milestone or its end; once per event.

Run it from cron, e.g. every hour: a second run sends nothing new. It prints only a
count: the names of people's waiting periods never go to its output or the log. The mail
is plain text, from templates/journal/email/reminder.txt and reminder_subject.txt.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from journal.models import Reminder, WaitingPeriod
from reconnect.lib.language import in_language_of
from reconnect.lib.mail import mail_is_set_up, queue_message


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
        news: dict[int, list[News]] = {}
        users = {}
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
                    Reminder.objects.bulk_create(
                        Reminder(
                            period=period, run_started_at=period.started_at, day=d, sent_at=now
                        )
                        for d in new
                    )
            except IntegrityError:
                continue
            latest = max(new)  # after a long gap, only the newest milestone is news
            news.setdefault(period.user_id, []).append(
                News(
                    label=period.label,
                    days=period.days,
                    kept=latest,
                    left=period.days - latest,
                    complete=latest == period.days,
                )
            )
            users[period.user_id] = period.user
        for user_id, periods_news in news.items():
            user = users[user_id]
            with in_language_of(user):
                subject, body = reminder_mail(user.get_username(), periods_news)
            queue_message(
                subject=subject,
                text=body,
                to=[user.email],
            )
        self.stdout.write(f"Queued {len(news)} reminder email(s).")
