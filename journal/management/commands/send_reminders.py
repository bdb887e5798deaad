"""Email users whose waiting period reached a milestone or its end; once per event.

Run it from cron, e.g. every hour: a second run sends nothing new. It prints only a
count: the names of people's waiting periods never go to its output or the log.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import get_connection
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from journal.mail import queue_message
from journal.models import Reminder, WaitingPeriod


class Command(BaseCommand):
    help = "Send reminder emails for waiting-period milestones and ends (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        # A server without email (production with no EMAIL_HOST) has a backend that sends
        # nothing and says so.
        if not getattr(get_connection(), "sends_mail", True):
            # Nothing is recorded as sent, so reminders go once EMAIL_HOST is set.
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
        news: dict[int, list[str]] = {}
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
            numbers = {"label": period.label, "days": period.days, "kept": latest}
            if latest == period.days:
                line = _("“%(label)s” is complete: you kept it for all %(days)d days.") % numbers
            else:
                numbers["left"] = period.days - latest
                line = _("“%(label)s”: %(kept)d days kept, %(left)d to go.") % numbers
            news.setdefault(period.user_id, []).append(line)
            users[period.user_id] = period.user
        for user_id, lines in news.items():
            user = users[user_id]
            queue_message(
                subject=_("Your waiting period"),
                text="\n".join(
                    [
                        _("Hello %(name)s,") % {"name": user.get_username()},
                        "",
                        *lines,
                        "",
                        _("Whatever you decide next, the time you kept is yours."),
                        "",
                        _("(You get these emails because you turned reminders on in Settings.)"),
                    ]
                ),
                to=[user.email],
            )
        self.stdout.write(f"Queued {len(news)} reminder email(s).")
