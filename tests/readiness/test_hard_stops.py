"""Under a hard stop the checklist steps back: the reason, the support that fits it, and
what still matters for the person, on both the readiness page and the dashboard."""

from __future__ import annotations

import pytest
from django.test import Client

from advice.models import SupportLine
from journal.models import Change, Situation
from reconnect.accounts.models import User
from tests.conftest import SITUATION
from tests.markup import page_html

PAGES = ["/readiness/", "/dashboard/"]


def stop_by_safety(client: Client, alice: User) -> None:
    client.post("/readiness/", {**SITUATION, "safety_concern": "on"})


def stop_by_no_contact(client: Client, alice: User) -> None:
    client.post("/readiness/", {**SITUATION, "asked_no_contact": "on"})


def stop_by_not_fixing(client: Client, alice: User) -> None:
    Change.objects.filter(user=alice, about_breakup=True).update(want_to_fix="no")


STOPS = [
    (stop_by_safety, "safety", "Your safety comes first", "domestic abuse helpline"),
    (stop_by_no_contact, "no_contact", "asked for no contact", "grief support"),
    (stop_by_not_fixing, "not_fixing", "one of the reasons for the breakup", "counsellor"),
]


@pytest.mark.parametrize(("stop", "kind", "reason", "support"), STOPS)
@pytest.mark.parametrize("page", PAGES)
def test_the_checklist_steps_back(
    alice_client, alice, ready_alice, stop, kind, reason, support, page
):
    stop(alice_client, alice)
    html = alice_client.get(page).text
    assert 'data-verdict="not_advised"' in html
    assert f'data-stop="{kind}"' in html
    assert reason in html
    assert f'data-support="{kind}"' in html
    assert support in html
    assert 'data-status="met"' not in html
    assert "data-met=" not in html and "conditions met" not in html
    assert "of 10" not in html
    assert "Update your answers" not in html
    assert "reach out" not in html.lower()
    # What still matters: the person's own journal and waiting.
    assert 'data-matters="growth"' in html and 'data-matters="waited"' in html


@pytest.mark.parametrize("page", PAGES)
def test_only_the_support_that_fits_is_shown(alice_client, alice, ready_alice, page):
    stop_by_no_contact(alice_client, alice)
    html = alice_client.get(page).text
    assert 'data-support="no_contact"' in html
    assert 'data-support="safety"' not in html
    assert "domestic abuse" not in html


@pytest.mark.parametrize(("stop", "kind", "reason", "support"), STOPS)
def test_configured_lines_of_the_right_kind_are_shown(
    alice_client, alice, ready_alice, stop, kind, reason, support
):
    SupportLine.objects.create(name="Safe Line", kind="safety", phone="+44 808 2000 247")
    SupportLine.objects.create(name="Heartbreak Line", kind="breakup", url="https://example.org/")
    SupportLine.objects.create(name="Talk Line", kind="counselling", phone="0800 1", hours="9–5")
    stop(alice_client, alice)
    html = alice_client.get("/readiness/").text
    shown = {"safety": "Safe Line", "no_contact": "Heartbreak Line", "not_fixing": "Talk Line"}
    for other, name in shown.items():
        assert (name in html) == (other == kind)
    if kind == "safety":
        assert 'href="tel:+448082000247"' in html
    assert "No helpline is listed" not in html


def test_without_configured_lines_it_says_which_service_to_look_for(
    alice_client, alice, ready_alice
):
    stop_by_safety(alice_client, alice)
    html = alice_client.get("/readiness/").text
    assert 'data-support-missing="safety"' in html
    assert "Look for a domestic abuse helpline in your country" in html


def test_every_kind_at_once_shows_each_support_once(alice_client, alice, ready_alice):
    alice_client.post(
        "/readiness/", {**SITUATION, "safety_concern": "on", "asked_no_contact": "on"}
    )
    stop_by_not_fixing(alice_client, alice)
    html = alice_client.get("/dashboard/").text
    for kind in ("safety", "no_contact", "not_fixing"):
        assert html.count(f'data-support="{kind}"') == 1


def test_the_answers_form_stays_to_correct_a_mistake(alice_client, alice, ready_alice):
    stop_by_safety(alice_client, alice)
    html = alice_client.get("/readiness/").text
    assert 'name="safety_concern"' in html
    alice_client.post("/readiness/", SITUATION)
    assert 'data-verdict="ready"' in alice_client.get("/readiness/").text


@pytest.mark.parametrize(
    ("answer", "status"), [("yes", "met"), ("no", "unmet"), ("unsure", "unknown"), ("", "unknown")]
)
def test_open_to_contact_counts_only_a_yes(alice_client, alice, ready_alice, answer, status):
    alice_client.post("/readiness/", {**SITUATION, "open_to_contact": answer})
    assert Situation.objects.get(user=alice).open_to_contact == answer
    html = alice_client.get("/readiness/").text
    assert f'data-condition="open" data-status="{status}"' in html
    assert ('data-verdict="ready"' in html) == (answer == "yes")


def test_the_open_question_offers_yes_no_and_i_dont_know(alice_client):
    html = alice_client.get("/readiness/").text
    for value in ("yes", "no", "unsure"):
        assert f'name="open_to_contact" value="{value}"' in html
    assert "I don&#x27;t know" in html or "I don't know" in html
    assert 'name="open_to_contact" value=""' not in html


def test_answers_saved_before_the_question_existed_are_unknown(alice_client, alice, ready_alice):
    Situation.objects.filter(user=alice).update(open_to_contact="")
    html = alice_client.get("/readiness/").text
    assert 'data-condition="open" data-status="unknown"' in html
    assert 'data-verdict="not_yet"' in html


HEADINGS = {
    "safety": "Your safety comes first",
    "no_contact": "They asked for no contact, and that deserves respect",
    "not_fixing": "An honest answer, and yours to give",
}


@pytest.mark.parametrize(("stop", "kind", "reason", "support"), STOPS)
@pytest.mark.parametrize("page", PAGES)
def test_each_stop_has_a_heading_that_speaks_to_its_reason(
    alice_client, alice, ready_alice, stop, kind, reason, support, page
):
    stop(alice_client, alice)
    html = alice_client.get(page).text
    assert f'<h2 id="verdict-title" class="h4">{HEADINGS[kind]}</h2>' in html
    assert f'data-hard-stop="{kind}"' in html
    for other, heading in HEADINGS.items():
        assert (heading in html) == (other == kind)
    assert "not now" not in html.lower()


def test_with_every_stop_safety_leads_and_each_keeps_its_heading(alice_client, alice, ready_alice):
    alice_client.post(
        "/readiness/", {**SITUATION, "safety_concern": "on", "asked_no_contact": "on"}
    )
    stop_by_not_fixing(alice_client, alice)
    html = alice_client.get("/readiness/").text
    assert f'<h2 id="verdict-title" class="h4">{HEADINGS["safety"]}</h2>' in html
    assert f'<h3 class="h5">{HEADINGS["no_contact"]}</h3>' in html
    assert f'<h3 class="h5">{HEADINGS["not_fixing"]}</h3>' in html
    assert html.index('data-hard-stop="safety"') < html.index('data-hard-stop="no_contact"')


def test_saving_a_safety_concern_says_saved_quietly(alice_client, alice, ready_alice):
    response = alice_client.post("/readiness/", {**SITUATION, "safety_concern": "on"}, follow=True)
    html = response.text
    assert "data-saved>Your answers are saved.</p>" in html
    assert "alert-success" not in html
    assert 'class="messages"' not in html
    assert html.index("data-saved") > html.index('data-verdict="not_advised"')
    # Once: a reload does not say it again.
    assert "data-saved" not in page_html(alice_client, "/readiness/")


def test_no_page_says_not_now_under_a_safety_concern(alice_client, alice, ready_alice, urge):
    stop_by_safety(alice_client, alice)
    assert 'data-verdict="not_advised"' in page_html(alice_client, "/readiness/")
    for url in ("/dashboard/", "/readiness/", "/urges/new/", f"/urges/{urge.pk}/",
                "/urges/drafts/", "/journal/waiting/"):  # fmt: skip
        assert "not now" not in page_html(alice_client, url).lower(), url
