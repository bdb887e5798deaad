"""/insights/ through its URL: every figure it shows against a hand computation, the
acceptance check, its empty states, its marks, and whose records it reads."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.insights.days import gather
from journal.insights.figures import comparisons
from journal.models import Change, DayMood, Entry, QuickTag, file_under_tags
from reconnect.accounts.models import User


def rows(html: str, section: str = "day") -> list[dict[str, str]]:
    """The rows of a section ("day" or "next-day"), in order, with their marks and text."""
    start = html.index(f'data-insights="{section}"')
    end = html.index("</section>", start)
    found = []
    for match in re.finditer(r"<li ([^>]*)>(.*?)</li>", html[start:end], re.S):
        marks = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', match[1]))
        text = re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", match[2])))
        found.append({**marks, "text": text.strip()})
    return found


def tapped(user: User, back: int, mood: int | None, *quick: QuickTag) -> DayMood:
    day = DayMood.objects.create(
        user=user, day=user.local_today() - dt.timedelta(days=back), mood=mood
    )
    day.quick_tags.set(quick)
    return day


def tagged(user: User, back: int, *tags: str, change: Change | None = None) -> Entry:
    entry = Entry.objects.create(
        user=user, day=user.local_today() - dt.timedelta(days=back), title="a day", focus=change
    )
    file_under_tags(entry, list(tags))
    return entry


@pytest.fixture
def twelve_days(alice: User) -> None:
    """The hand-worked case of tests/insights/test_figures.py, as records: twelve days with
    a tapped mood, "run" written on five of them."""
    moods = [4, 2, 5, 3, 4, 2, 3, 2, 4, 1, 3, 2]  # 11 days ago … today
    for back, mood in zip(range(11, -1, -1), moods, strict=True):
        tapped(alice, back, mood)
    for back in (11, 9, 7, 5, 3):
        tagged(alice, back, "run")


def test_every_figure_against_a_hand_computation(alice_client, twelve_days):
    html = alice_client.get("/insights/").text
    # 12 days, moods summing to 35: 35/12 = 2.916… on average.
    assert 'data-mood-days="12" data-average="2.9"' in html
    assert "you noted a mood on 12 days, 2.9 of 5 on average." in html
    [run] = rows(html)
    assert run["data-insight"] == "tag:run"
    assert (run["data-days-with"], run["data-days-without"]) == ("5", "7")
    # 415/120 = 3.46, 355/144 = 2.47; difference 0.993 ± 1.96 × 0.2984: 0.408 to 1.578.
    assert (run["data-difference"], run["data-low"], run["data-high"]) == ("+1.0", "+0.4", "+1.6")
    assert run["text"] == (
        "run · tag Went with better days. 3.5 on the 5 days with it, 2.5 on the 7 days "
        "without. Difference +1.0, likely between +0.4 and +1.6."
    )
    # The day after: 295/120 = 2.46 and 475/144 = 3.30; −0.840 ± 1.96 × 0.3761.
    [after] = rows(html, "next-day")
    assert (after["data-days-with"], after["data-days-without"]) == ("5", "7")
    assert (after["data-difference"], after["data-low"], after["data-high"]) == (
        "\u22120.8",
        "\u22121.6",
        "\u22120.1",
    )
    assert after["text"] == (
        "run · tag Went with harder next days. 2.5 on the 5 days after it, 3.3 on the 7 "
        "other days. Difference \u22120.8, likely between \u22121.6 and \u22120.1."
    )
    # The chart draws the same row, and says it in words.
    assert "<title>run: +1.0 (+0.4 – +1.6)</title>" in html
    assert "The surest: “run”, +1.0 (+0.4 to +1.6)." in html


def test_in_spanish_the_figures_use_a_comma(alice_client, alice, twelve_days):
    User.objects.filter(pk=alice.pk).update(language="es")
    html = alice_client.get("/insights/", HTTP_ACCEPT_LANGUAGE="es").text
    [run] = rows(html)
    assert run["text"].startswith("run · etiqueta Acompañó a días mejores. 3,5 los 5 días con ello")
    assert "Diferencia +1,0, probablemente entre +0,4 y +1,6." in run["text"]


def test_sixty_days_name_the_tag_of_better_days_first(alice_client, alice):
    """The acceptance check: a tag's days average 4, the others 2; a tag on 3 days is not
    shown."""
    for back in range(60):
        good = back % 3 == 0  # 20 days
        tapped(alice, back, 4 if good else 2)
        if good:
            tagged(alice, back, "long walk")
        else:
            tagged(alice, back, "work")
    for back in (1, 2, 4):
        tagged(alice, back, "rare")
    html = alice_client.get("/insights/").text
    found = rows(html)
    assert found[0]["data-insight"] == "tag:long walk"
    assert (found[0]["data-days-with"], found[0]["data-days-without"]) == ("20", "40")
    assert "Went with better days." in found[0]["text"]
    assert "20 days with it" in found[0]["text"] and "40 days without" in found[0]["text"]
    assert not [r for r in found if r["data-insight"] == "tag:rare"]
    assert "rare" not in html
    assert "caus" not in found[0]["text"]  # went with, never caused


def test_changes_and_quick_tags_are_compared_too(alice_client, alice):
    change = Change.objects.create(user=alice, name="Sleep")
    friends = QuickTag.objects.create(user=alice, name="Saw friends")
    for back in range(20):
        tapped(alice, back, 5 if back < 8 else 2, *((friends,) if back < 8 else ()))
        if back >= 10:
            tagged(alice, back, change=change)
    marks = [r["data-insight"] for r in rows(alice_client.get("/insights/").text)]
    assert set(marks) == {"quick:Saw friends", "change:Sleep"}


def test_no_moods_yet_says_how_to_start(alice_client, alice):
    tagged(alice, 1, "run")  # an entry without a mood is no mood
    html = alice_client.get("/insights/").text
    assert 'data-insights-empty="no-moods"' in html
    assert "No moods noted in these days." in html
    assert 'href="/dashboard/#mood-today-title"' in html
    assert "data-insight=" not in html
    assert "How this is worked out" in html


def test_moods_without_enough_days_say_so_kindly(alice_client, alice):
    for back in range(8):
        tapped(alice, back, 3)
    tagged(alice, 1, "run")
    html = alice_client.get("/insights/").text
    assert 'data-insights-empty="few-days"' in html
    assert "at least 5 days with a mood and missing from at least 5 others" in html
    assert "no hurry" in html


def test_the_last_90_days_count_or_the_last_year_on_asking(alice_client, alice):
    for back in range(20):
        tapped(alice, back, 3)
    for back in range(100, 130):
        tapped(alice, back, 5 if back % 2 else 2)
        if back % 2:
            tagged(alice, back, "older")
    for back in range(400, 420):  # more than a year ago: never
        tapped(alice, back, 5)
        tagged(alice, back, "oldest")
    html = alice_client.get("/insights/").text
    assert 'data-mood-days="20"' in html and 'data-insights-span="90"' in html
    assert '<a href="?" aria-current="page">The last 90 days</a>' in html
    assert "older" not in html
    year = alice_client.get("/insights/?days=365").text
    assert 'data-mood-days="50"' in year and 'data-insights-span="365"' in year
    assert '<a href="?days=365" aria-current="page">The last 12 months</a>' in year
    assert [r["data-insight"] for r in rows(year)] == ["tag:older"]
    assert "oldest" not in year
    # Any other value is the 90 days.
    for odd in ("30", "x", "99999999999999999999", "365\x00"):
        assert 'data-mood-days="20"' in alice_client.get("/insights/", {"days": odd}).text


def test_the_90_days_are_the_home_charts(alice_client, alice):
    tapped(alice, 90, 4)
    tapped(alice, 91, 1)
    tagged(alice, 200, "long ago")  # past the home's first run
    assert 'data-mood-days="1" data-average="4.0"' in alice_client.get("/insights/").text
    home = alice_client.get("/dashboard/").text
    assert "Mood noted on one day in the last 90 days: 4.0 of 5" in home


def test_a_section_shows_its_eight_surest_and_all_on_asking(alice_client, alice):
    for back in range(40):
        tapped(alice, back, 1 + back % 5)
        tagged(alice, back, *[f"t{n}" for n in range(10) if (back + n) % 3])
    html = alice_client.get("/insights/").text
    assert len(rows(html)) == 8
    assert 'data-insights-more="10"' in html and 'href="?all=1"' in html
    assert len(rows(alice_client.get("/insights/?all=1").text)) == 10
    assert 'href="?days=365&amp;all=1"' in alice_client.get("/insights/?days=365").text


def main(html: str) -> str:
    """The page's own part, without the form tokens that differ on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html[html.index("<main") :])


def test_someone_elses_records_change_nothing(alice_client, bob, alice, twelve_days):
    before = alice_client.get("/insights/").text
    for back in range(30):
        tapped(bob, back, 1 + back % 5)
        tagged(bob, back, "run", "walk")
    Change.objects.create(user=bob, name="run")
    after = alice_client.get("/insights/").text
    assert main(after) == main(before)
    assert [r["data-insight"] for r in rows(after)] == ["tag:run"]


@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(1, 5), st.sampled_from(["run", "x", ""])),
        max_size=40,
    )
)
@settings(
    max_examples=15,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_figure_changes_when_another_persons_records_change(alice, bob, twelve_days, records):
    today = alice.local_today()
    before = gather(alice.pk, today)
    figures = comparisons(before.moods, before.present)
    for back, mood, tag in records:
        DayMood.objects.update_or_create(
            user=bob, day=today - dt.timedelta(days=back), defaults={"mood": mood}
        )
        if tag:
            tagged(bob, back, tag)
    after = gather(alice.pk, today)
    assert after == before
    assert comparisons(after.moods, after.present) == figures
    DayMood.objects.filter(user=bob).delete()
    Entry.objects.filter(user=bob).delete()


@pytest.mark.parametrize("days", [30, 365])
def test_query_count_is_fixed(alice_client, alice, days, django_assert_num_queries):
    change = Change.objects.create(user=alice, name="Sleep")
    quick = QuickTag.objects.create(user=alice, name="Saw friends")
    for back in range(days):
        tapped(alice, back, 1 + back % 5, *((quick,) if back % 2 else ()))
    Entry.objects.bulk_create(
        Entry(user=alice, day=alice.local_today() - dt.timedelta(days=back % days), title="t",
              mood=1 + back % 5, focus=change if back % 3 else None)
        for back in range(days * 3)
    )  # fmt: skip
    for back in range(0, days, 2):
        tagged(alice, back, "run", "walk")
    # session, user, moods per day, what each day had (with the names), the names' keys
    for path in ("/insights/", "/insights/?days=365&all=1"):
        with django_assert_num_queries(5):
            response = alice_client.get(path)
        assert response.status_code == 200
        assert len(rows(response.text)) >= 3


def test_visitors_are_sent_to_sign_in(visitor):
    response = visitor.get("/insights/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
