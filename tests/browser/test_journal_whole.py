"""The whole journal in a real browser: a photo, a star, a tag filter, on this day, print."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image
from pytest_django import Settings

from journal.models import Entry, EntryPhoto
from tests.browser.conftest import login
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def photo_file(tmp_path: Path) -> Path:
    path = tmp_path / "lake.jpg"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 160)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_an_entry_with_a_photo_a_star_and_tags(page, alice, tmp_path):
    login(page, alice.username, PASSWORD)
    page.goto("/journal/new/")
    page.get_by_label("Title").fill("By the lake")
    page.locator("textarea[name=body]").fill("Calm. #outside")
    page.locator("input[name=time]").fill("18:30")
    page.locator("input[name=tags]").fill("no contact")
    page.locator("input[name=photos]").set_input_files(str(photo_file(tmp_path)))
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/journal/*/")
    image = page.locator("[data-photos] img")
    assert image.count() == 1
    # Waits for the image to finish loading (on a busy machine it may not have yet).
    loaded = (
        "el => el.complete ? el.naturalWidth"
        " : new Promise(r => el.onload = () => r(el.naturalWidth))"
    )
    assert page.evaluate(loaded, image.element_handle()) > 0
    assert page.locator('[data-tag="no contact"]').count() == 1

    # Star it from its page, then unstar it from the list.
    page.get_by_role("button", name="Star this entry").click()
    page.wait_for_load_state()
    assert page.locator('[data-starred="1"]').count() == 1
    assert Entry.objects.get().starred
    page.goto("/journal/")
    page.get_by_role("button", name="Remove the star").click()
    page.wait_for_url("**/journal/")
    assert not Entry.objects.get().starred
    assert EntryPhoto.objects.count() == 1


def test_the_tag_filter_and_on_this_day(page, alice):
    today = alice.local_today()
    year_ago = (
        today.replace(year=today.year - 1)
        if not (today.month == 2 and today.day == 29)
        else today - dt.timedelta(days=365)
    )
    tagged = Entry.objects.create(user=alice, day=today, title="Tagged one", body="#run")
    from journal.models import file_under_tags

    file_under_tags(tagged, [])
    Entry.objects.create(user=alice, day=today, title="Untagged one")
    Entry.objects.create(user=alice, day=year_ago, title="Last year")
    login(page, alice.username, PASSWORD)
    page.goto("/journal/")
    assert "Last year" in page.locator("[data-on-this-day]").inner_text()
    page.locator("[data-filter-fold] > summary").click()  # the filters are one tap away
    page.locator("select[name=tag]").select_option("run")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/journal/?*tag=run*")
    titles = page.locator("[data-entry] a.entry-title").all_inner_texts()
    assert titles == ["Tagged one"]
    assert page.locator("select[name=tag]").is_visible()  # open while a filter is in use


def test_the_print_page(page, alice):
    Entry.objects.create(user=alice, day=dt.date(2026, 3, 1), title="March first", body="**Bold**")
    Entry.objects.create(user=alice, day=dt.date(2026, 4, 1), title="April")
    login(page, alice.username, PASSWORD)
    page.goto("/journal/print/")
    page.locator("input[name=from]").fill("2026-03-01")
    page.locator("input[name=to]").fill("2026-03-31")
    page.get_by_role("button", name="Show these days").click()
    page.wait_for_url("**/journal/print/?*")
    assert page.locator("[data-entry]").count() == 1
    page.emulate_media(media="print")
    assert not page.locator("[data-print-range]").is_visible()
    assert page.locator(".print-entry strong").inner_text() == "Bold"
