"""Create realistic demo data: users with a year of entries, changes, waiting periods and
urges to contact the ex; with --moods, a mood tapped most days, and with --tags, entries
filed under a few tags."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from journal.models import (
    PAUSE_MINUTES,
    Change,
    DayMood,
    Entry,
    HelpChoice,
    Helped,
    QuickTag,
    ReasonToWait,
    Situation,
    Trigger,
    Urge,
    WaitingPeriod,
    search_index,
    tags_for,
)
from reconnect.lib.markdown import render_markdown

if TYPE_CHECKING:
    # The model's type, under another name than the class read at run time below.
    from journal.auth import User as Account

User = get_user_model()

DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - published: the demo's sign-in
TITLES = [
    "Went for a long run",
    "Signed up for the pottery class",
    "Talked it through with my sister",
    "Finished the certification module",
    "A hard evening, but I didn't text",
    "Cooked for friends",
    "Read two chapters",
    "Therapy session",
    "Started the side project",
    "Quiet Sunday walk",
]
BODIES = [
    "Felt **better** than last week. Noticed that I reach for my phone when I'm bored.",
    "Wrote down three things I'd do differently:\n\n- listen first\n- say what I need\n- rest",
    "It was hard. I wanted to message them, and I didn't. The urge passed after an hour.",
    "Practised the new habit every day this week. Small, but it adds up.",
    "Met new people at the class. I talked about myself without talking about the breakup.",
]
CHANGES = [
    ("Jealousy", True, "yes", "yes", "yes"),
    ("Drinking less", True, "yes", "yes", "yes"),
    ("Fitness", False, "unsure", "yes", "yes"),
    ("Listening better", True, "yes", "unsure", "unsure"),
    ("New friendships", False, "unsure", "yes", "yes"),
]


class Command(BaseCommand):
    help = "Create demo users with entries across a year, changes, waiting periods and answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=3)
        parser.add_argument("--entries", type=int, default=100, help="entries per user")
        parser.add_argument("--prefix", default="demo", help="usernames are PREFIX1, PREFIX2…")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--moods", type=int, default=0, help="days back with a mood tapped on most of them"
        )
        parser.add_argument("--tags", action="store_true", help="file entries under a few tags")

    def handle(self, *args: Any, **options: Any) -> None:
        users, entries, prefix = options["users"], options["entries"], options["prefix"]
        if users < 1 or entries < 0 or options["moods"] < 0:
            raise CommandError("--users must be at least 1, and --entries and --moods at least 0.")
        rng = random.Random(options["seed"])  # noqa: S311 - made-up data, repeatable by seed
        rendered = {body: render_markdown(body) for body in BODIES}
        today = timezone.localdate()
        template = User()
        template.set_password(DEMO_PASSWORD)
        password_hash = template.password
        for number in range(1, users + 1):
            username = f"{prefix}{number}"
            with transaction.atomic():
                User.objects.filter(username=username).delete()
                user = User.objects.create(
                    username=username,
                    email=f"{username}@example.org",
                    password=password_hash,
                    timezone=rng.choice(["UTC", "Europe/Berlin", "America/New_York"]),
                )
                self.seed_user(user, entries, today, rng, rendered)
                if options["tags"]:
                    seed_tags(user, rng)
                seed_moods(user, options["moods"], rng)
            self.stdout.write(f"{username}: {entries} entries")
        self.stdout.write(self.style.SUCCESS(f"Password for every demo user: {DEMO_PASSWORD}"))

    def seed_user(
        self,
        user: Account,
        entries: int,
        today: dt.date,
        rng: random.Random,
        rendered: dict[str, str],
    ) -> None:
        changes = Change.objects.bulk_create(
            Change(
                user=user,
                name=name,
                about_breakup=about,
                need_to_fix=need,
                want_to_fix=want,
                for_myself=mine,
            )
            for name, about, need, want, mine in rng.sample(CHANGES, k=rng.randint(2, len(CHANGES)))
        )
        span = 365 if entries <= 2000 else 365 * 5
        batch = []
        for _ in range(entries):
            body = rng.choice(BODIES)
            title = rng.choice(TITLES)
            batch.append(
                Entry(
                    user=user,
                    day=today - dt.timedelta(days=int(rng.triangular(0, span, 0))),
                    title=title,
                    body=body,
                    body_html=rendered[body],
                    search_index=search_index(user.pk, [title, body]),  # what Entry.save() stores
                    mood=rng.choice([None, 2, 3, 3, 4, 4, 5]),
                    focus=rng.choice([None, *changes]),
                )
            )
        Entry.objects.bulk_create(batch, batch_size=1000)
        for label, days, back in (("No contact", 30, 40), ("No social media checking", 90, 20)):
            period = WaitingPeriod.objects.begin(user, label, today - dt.timedelta(days=back), days)
            if rng.random() < 0.5:
                broken_at = period.started_at + dt.timedelta(days=rng.randint(1, 10))
                period.reset(
                    "Sent a message late at night.",
                    broken_at,
                    user.tzinfo,
                    Urge.pack_triggers(rng.sample(["loneliness", "alcohol", "unsaid"], k=1)),
                )
        Situation.objects.create(
            user=user,
            broke_up_on=today - dt.timedelta(days=120),
            whose_side=rng.choice(["mine", "both", "theirs"]),
            their_rough_patch=rng.choice(["none", "resolved", "ongoing"]),
            their_behaviour=rng.choice(["none", "changed", "unsure"]),
            honest=True,
            accept_no=rng.random() < 0.7,
            slow_plan="Meet for a coffee, then a walk; no sleepovers for a month.",
        )
        seed_urges(user, rng)


TAGS = ["run", "family", "work", "therapy", "cooking", "reading", "friends", "music"]


def seed_tags(user: Account, rng: random.Random) -> None:
    """Up to two tags on most entries; "run" and "friends" on better days than most."""
    tags = {tag.name: tag for tag in tags_for(user, TAGS)}
    through = Entry.tags.through
    rows = []
    for pk, mood in Entry.objects.filter(user=user).values_list("pk", "mood"):
        weights = [3 if name in ("run", "friends") and (mood or 0) >= 4 else 1 for name in TAGS]
        for name in set(rng.choices(TAGS, weights=weights, k=rng.randint(0, 2))):
            rows.append(through(entry_id=pk, tag_id=tags[name].pk))
    through.objects.bulk_create(rows, batch_size=2000)


# The demo's quick tags, and how each moves the day's mood (and the next day's).
QUICK_TAGS = {"Saw friends": (0.8, 0.2), "Slept badly": (-0.9, 0.0), "Exercised": (0.5, 0.3),
              "Drank": (0.2, -0.8), "Worked late": (-0.4, -0.2)}  # fmt: skip


def seed_moods(user: Account, days: int, rng: random.Random) -> None:
    """A mood tapped on about six days in seven over the last `days` (and today), with quick
    tags that go with better or worse days, that day or the next."""
    if not days:
        return
    quick = [QuickTag(user=user, name=name) for name in QUICK_TAGS]
    for tag in quick:
        tag.save()  # seals the name and keys it
    today = user.local_today()
    moods, chosen, carried = [], [], 0.0
    for back in range(days - 1, -1, -1):
        tags = [t for t in quick if rng.random() < 0.25]
        lift = sum(QUICK_TAGS[t.name][0] for t in tags) + carried
        carried = sum(QUICK_TAGS[t.name][1] for t in tags)
        if rng.random() < 6 / 7 or not back:  # today's is tapped: the home shows a face chosen
            mood = min(5, max(1, round(3.1 + lift + rng.gauss(0, 0.8))))
            moods.append(DayMood(user=user, day=today - dt.timedelta(days=back), mood=mood))
            chosen.append(tags)
    DayMood.objects.bulk_create(moods, batch_size=1000)
    through = DayMood.quick_tags.through
    through.objects.bulk_create(
        (
            through(daymood_id=day.pk, quicktag_id=tag.pk)
            for day, tags in zip(moods, chosen, strict=True)
            for tag in tags
        ),
        batch_size=2000,
    )


REASONS = [
    "I want them to see a change that lasts.",
    "I need to be okay alone first.",
    "A message tonight would undo weeks of work.",
]
MESSAGES = [
    "I miss you. Can we talk?",
    "Saw our café today and thought of you.",
    "",
]
# What helped, as people tend to say: a walk and a friend most often; "own" is the demo's
# own item.
HELPS = ["walk", "walk", "someone", "someone", "reasons", "writing", "waiting", "own"]
# Lonely late nights and weekend evenings, as these things usually go.
URGE_HOURS = [0, 1, 1, 2, 9, 13, 19, 21, 22, 23, 23]


def seed_urges(user: Account, rng: random.Random, count: int = 24) -> None:
    """Reasons to wait and about three months of urges, most of them ridden out."""
    ReasonToWait.objects.bulk_create(
        ReasonToWait(user=user, text=text, order=n) for n, text in enumerate(REASONS)
    )
    now = timezone.now()
    urges = []
    for _ in range(count):
        day = user.local_today() - dt.timedelta(days=int(rng.triangular(0, 84, 0)))
        hour = rng.choice(URGE_HOURS)
        created = min(
            dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59)), tzinfo=user.tzinfo),
            now,
        )
        triggers = rng.sample(
            ["loneliness", "loneliness", "alcohol", "social_media", "memory", "date", "boredom"],
            k=rng.randint(1, 2),
        )
        outcome = rng.choice(["rode_out"] * 6 + ["kept_draft", "contacted", "logistics"])
        message = rng.choice(MESSAGES)
        urges.append(
            Urge(
                user=user,
                message=message,
                triggers=Urge.pack_triggers([t for t in Trigger.values if t in triggers]),
                intensity=rng.randint(3, 10),
                created=created,
                pause_until=created + dt.timedelta(minutes=PAUSE_MINUTES),
                outcome=outcome,
                outcome_at=created + dt.timedelta(minutes=PAUSE_MINUTES),
                draft=Urge.Draft.KEPT if outcome == "kept_draft" and message else "",
            )
        )
    Urge.objects.bulk_create(urges)
    seed_what_helped(user, urges, rng)


def seed_what_helped(user: Account, urges: list[Urge], rng: random.Random) -> None:
    """An item of the demo's own, and answers to "What helped?" for most urges that passed."""
    own = HelpChoice.objects.create(user=user, label="A cold shower")
    answers, answered = [], []
    for urge in urges:
        if urge.outcome not in ("rode_out", "kept_draft") or rng.random() < 0.25:
            continue
        for key in dict.fromkeys(rng.sample(HELPS, k=rng.randint(1, 2))):
            choice = own if key == "own" else None
            answers.append(Helped(user=user, urge=urge, key=key, choice=choice))
        urge.helped_answered_at = urge.outcome_at
        answered.append(urge)
    Helped.objects.bulk_create(answers)
    Urge.objects.bulk_update(answered, ["helped_answered_at"])
