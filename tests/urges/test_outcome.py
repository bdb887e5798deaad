"""/urges/<id>/outcome/ (POST): how it went; a `contacted` urge can restart the period."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from journal.models import LogisticsContact, ReadinessSnapshot, Reset, WaitingPeriod

NOW = dt.datetime(2026, 11, 24, 1, 30, tzinfo=dt.UTC)


def test_it_passed(alice_client, urge):
    response = alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "rode_out"})
    assert response.url == f"/urges/{urge.pk}/"
    urge.refresh_from_db()
    assert urge.outcome == "rode_out"
    assert urge.draft == ""
    html = alice_client.get(response.url).text
    assert "rode out the wave" in html
    assert 'data-outcome="rode_out"' in html


def test_a_kept_draft_goes_to_the_drafts(alice_client, urge):
    response = alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "kept_draft"})
    assert response.url == "/urges/drafts/"
    urge.refresh_from_db()
    assert urge.draft == "kept"


def test_without_a_message_there_is_no_draft(alice_client, urge):
    urge.message = ""
    urge.save(update_fields=["message"])
    alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "kept_draft"})
    urge.refresh_from_db()
    assert (urge.outcome, urge.draft) == ("kept_draft", "")


def test_logistics_is_noted_on_the_period_and_resets_nothing(alice_client, urge, period):
    started_at = period.started_at
    alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "logistics"})
    contact = LogisticsContact.objects.get()
    assert contact.period == period
    assert contact.note == "Late, after a party"
    period.refresh_from_db()
    assert period.started_at == started_at
    assert not Reset.objects.exists()
    html = alice_client.get(f"/journal/waiting/{period.pk}/").text
    assert "logistics contact — did not count" in html


@time_machine.travel(NOW, tick=False)
def test_contacted_offers_one_kind_reset(alice_client, alice, urge, period):
    alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "contacted"})
    urge.refresh_from_db()
    assert urge.outcome == "contacted"
    assert not Reset.objects.exists()  # only offered, never done for them
    html = alice_client.get(f"/urges/{urge.pk}/").text
    assert "Start my waiting period again" in html
    assert "fail" not in html.lower()
    run_started_at = period.started_at

    response = alice_client.post(f"/urges/{urge.pk}/reset/")
    assert response.url == f"/journal/waiting/{period.pk}/"
    reset = Reset.objects.get()
    assert reset.run_started_at == run_started_at
    assert reset.at == NOW
    assert "Loneliness" in reset.note and "Alcohol" in reset.note
    assert urge.created.strftime("%H:%M") in reset.note
    period.refresh_from_db()
    assert period.started_at == NOW
    assert ReadinessSnapshot.objects.filter(user=alice).exists()
    # A second press changes nothing.
    alice_client.post(f"/urges/{urge.pk}/reset/")
    assert Reset.objects.count() == 1


def test_the_reset_needs_a_contacted_outcome(alice_client, urge, period):
    alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "rode_out"})
    urge.refresh_from_db()
    assert urge.outcome == "rode_out"
    alice_client.post(f"/urges/{urge.pk}/reset/")
    assert not Reset.objects.exists()


@pytest.mark.parametrize("value", ["", "sent_flowers", "x" * 10_000, "rode_out\x00"])
def test_bad_outcomes_change_nothing(alice_client, urge, value):
    response = alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": value}, follow=True)
    assert response.status_code == 200
    assert "nothing was changed" in response.text
    urge.refresh_from_db()
    assert urge.outcome == ""


def test_it_checks_ownership(bob_client, urge, period):
    response = bob_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "contacted"})
    assert response.status_code == 404
    assert bob_client.post(f"/urges/{urge.pk}/reset/").status_code == 404
    urge.refresh_from_db()
    assert urge.outcome == ""
    assert WaitingPeriod.objects.get().resets.count() == 0
