from __future__ import annotations

import re

import pytest

from advice.models import Tip
from advice.pages import split_lead

TIP_SLUGS = [
    "work-on-yourself",
    "wait",
    "show-how-you-have-changed",
    "make-sure-they-are-in-a-good-place",
    "be-honest",
    "take-it-slow",
    "you-dont-need-them",
]
ACTIONS = {
    "work-on-yourself": "/journal/new/",
    "wait": "/journal/waiting/new/",
    "show-how-you-have-changed": "/journal/focus/",
    "make-sure-they-are-in-a-good-place": "/readiness/",
    "be-honest": "/readiness/",
    "take-it-slow": "/readiness/",
    "you-dont-need-them": "/journal/focus/",
}


def test_the_index_lists_the_seven_tips_in_order(visitor, guide):
    html = visitor.get("/advice/").text
    assert re.findall(r'data-tip="([a-z-]+)"', html) == TIP_SLUGS
    assert "Most breakups happen for a reason" in html
    assert 'href="/advice/safety/"' in html


def test_a_visitor_can_walk_through_every_tip_by_the_next_links(visitor, guide):
    url: str | None = "/advice/work-on-yourself/"
    seen = []
    while url:
        response = visitor.get(url)
        assert response.status_code == 200
        seen.append(url.split("/")[2])
        found = re.search(r'<a rel="next" href="([^"]+)"', response.text)
        url = found[1] if found else None
    assert seen == TIP_SLUGS


def test_previous_links_go_back(visitor, guide):
    html = visitor.get("/advice/wait/").text
    assert '<a rel="prev" href="/advice/work-on-yourself/">' in html
    assert "Tip 2 of 7" in html


@pytest.mark.parametrize(("slug", "path"), ACTIONS.items())
def test_each_tip_links_to_its_action(alice_client, guide, slug, path):
    html = alice_client.get(f"/advice/{slug}/").text
    assert f'href="{path}" data-action' in html
    assert "Put it into practice" in html


def test_visitors_are_offered_an_account_first(visitor, guide):
    html = visitor.get("/advice/wait/").text
    assert 'href="/accounts/signup/?next=/journal/waiting/new/" data-action' in html


def test_the_safety_note_is_a_page(visitor, guide):
    html = visitor.get("/advice/safety/").text
    assert "emergency number" in html
    assert 'rel="next"' not in html


@pytest.mark.parametrize("slug", ["no-such-tip", "index"])
def test_unknown_pages_are_404(visitor, guide, slug, settings):
    settings.DEBUG = False
    response = visitor.get(f"/advice/{slug}/")
    assert response.status_code == 404
    assert "That page isn't here" in response.text


def test_the_guide_never_names_a_gender_for_the_ex(guide):
    tips = list(Tip.objects.all())
    assert tips, "no guide to read"
    for tip in tips:
        words = set(re.findall(r"[a-z]+", tip.body.lower()))
        assert not words & {"he", "him", "his", "she", "her", "hers", "boyfriend", "girlfriend"}, (
            tip.slug
        )


def test_the_guide_never_says_reach_out(guide):
    # "Reach out" is reserved for a READY verdict, which a safety concern never gets.
    tips = list(Tip.objects.all())
    assert tips, "no guide to read"
    for tip in tips:
        assert "reach out" not in (tip.body + tip.title + tip.summary).lower()


def test_an_empty_guide_explains_itself(visitor, db):
    assert "sync_advice" in visitor.get("/advice/").text


def test_the_index_leads_with_one_paragraph_and_folds_the_rest(visitor, guide):
    """Four paragraphs of introduction put tip 1 below a phone's first screen."""
    html = visitor.get("/advice/").text
    fold = html.index("data-intro-rest")
    assert html.index("Most breakups happen for a reason") < fold
    assert fold < html.index("Some relationships, though, end too soon") < html.index("data-tip=")


@pytest.mark.parametrize(
    ("html", "lead", "rest"),
    [
        ("<p>One.</p>\n<p>Two.</p>", "<p>One.</p>", "<p>Two.</p>"),
        ("<p>Only.</p>", "<p>Only.</p>", ""),
        ("<h2>A heading</h2><p>Text.</p>", "<h2>A heading</h2><p>Text.</p>", ""),
        ("", "", ""),
    ],
)
def test_split_lead(html, lead, rest):
    assert split_lead(html) == (lead, rest)
