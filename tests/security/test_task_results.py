"""The task queue's table outlives a task and goes into backups: after every kind of mail
is queued and sent by a real worker loop, no row holds a reset link, an address, a
friend's name or a waiting period's name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from journal.models import WaitingPeriod

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued() -> None:
    """What `manage.py db_worker --batch` does, in this process."""
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[],
    ).run()  # fmt: skip


def every_row() -> str:
    return " ".join(
        f"{row.args_kwargs} {row.return_value} {row.traceback}"
        for row in DBTaskResult.objects.all()
    )


@pytest.mark.django_db(transaction=True)
def test_no_task_row_holds_a_persons_words_or_a_reset_link(client, settings, alice, urge):
    settings.TASKS = DATABASE_TASKS
    alice.friend_name, alice.friend_email = "Samira Quill", "samira@example.org"
    alice.display_name, alice.callback_phone = "Ally Birch", "+34 600 111 222"
    alice.email_reminders = True
    alice.save()
    start = alice.local_today() - dt.timedelta(days=8)
    WaitingPeriod.objects.begin(alice, "No texting Jordan", start, 30)
    client.post("/accounts/password_reset/", {"email": "alice@example.org"})
    client.force_login(alice)
    client.post(f"/urges/{urge.pk}/ask-friend/")
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert DBTaskResult.objects.count() == 3
    run_queued()
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"] * 3
    # The mail itself went out whole...
    sent = " ".join(f"{m.to} {m.subject} {m.body}" for m in mail.outbox)
    assert len(mail.outbox) == 3
    for words in ("/accounts/reset/", "samira@example.org", "Samira", "Ally Birch",
                  "+34 600 111 222", "No texting Jordan", "alice@example.org"):  # fmt: skip
        assert words in sent, words
        # ...and none of it stays in the queue's table.
        assert words not in every_row(), words
