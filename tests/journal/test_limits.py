"""Each limit is defined once (reconnect.lib.limits); every place that holds or states it agrees."""

from __future__ import annotations

import pytest
from django.utils import translation

from journal import formats, photos
from journal.forms import EntryForm, ImportForm, WaitingPeriodForm
from journal.models import (
    Change,
    Entry,
    LogisticsContact,
    ReasonToWait,
    Reset,
    Situation,
    Urge,
    WaitingPeriod,
)
from reconnect.lib import limits


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Entry, "title", limits.TITLE_MAX),
        (Entry, "body", limits.BODY_MAX),
        (Change, "name", limits.CHANGE_NAME_MAX),
        (Change, "notes", limits.NOTES_MAX),
        (WaitingPeriod, "label", limits.PERIOD_LABEL_MAX),
        (WaitingPeriod, "purpose", limits.PERIOD_PURPOSE_MAX),
        (Reset, "note", limits.RESET_NOTE_MAX),
        (Situation, "slow_plan", limits.SLOW_PLAN_MAX),
        (Urge, "message", limits.URGE_MESSAGE_MAX),
        (Urge, "trigger_note", limits.TRIGGER_NOTE_MAX),
        (ReasonToWait, "text", limits.REASON_MAX),
        (LogisticsContact, "note", limits.CONTACT_NOTE_MAX),
    ],
)
def test_the_models_hold_the_limits(model, field, limit):
    assert model._meta.get_field(field).max_length == limit


def test_the_importers_and_photos_use_the_same_limits():
    assert formats.MAX_BYTES == limits.IMPORT_MAX_BYTES
    assert formats.MAX_ENTRIES == limits.IMPORT_MAX_ENTRIES
    assert photos.MAX_PHOTOS == limits.PHOTOS_PER_ENTRY
    assert photos.MAX_PHOTO_BYTES == limits.PHOTO_MAX_BYTES


def test_the_words_on_the_page_state_the_limits(alice):
    form = EntryForm(user=alice)
    assert "Up to 20,000 characters" in str(form.fields["body"].help_text)
    assert "Up to 10 an entry" in str(form.fields["photos"].help_text)
    assert "10 MB each" in str(form.fields["photos"].help_text)
    assert "100 MB (20 MB of text) and 10,000 entries" in str(ImportForm().fields["file"].help_text)
    assert "from 1 to 365" in str(WaitingPeriodForm(user=alice).fields["days"].help_text)
    assert f'data-limit="{limits.BODY_MAX}"' in str(form["body"])


def test_a_too_long_title_is_told_with_the_limit_and_its_length(alice):
    form = EntryForm({"day": "2026-01-01", "title": "a" * 121}, user=alice)
    assert not form.is_valid()
    assert form.errors["title"] == ["A title holds up to 120 characters; this one has 121."]


def test_numbers_are_written_as_the_pages_language_writes_them(alice):
    with translation.override("es"):
        # Spanish groups thousands with a non-breaking space, as the RAE recommends.
        assert "20\xa0000" in str(EntryForm(user=alice).fields["body"].help_text)
