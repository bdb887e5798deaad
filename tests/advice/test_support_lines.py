"""Support lines: listed in the admin, shown in the safety note by kind."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from advice.models import SupportLine
from tests.markup import page_html


def test_the_safety_note_says_what_to_look_for_when_nothing_is_listed(visitor, guide):
    html = visitor.get("/advice/safety/").text
    for kind in ("safety", "breakup", "counselling"):
        assert f'data-support-missing="{kind}"' in html
    assert "Look for a domestic abuse helpline in your country" in html


def test_the_safety_note_shows_the_listed_lines(visitor, guide):
    SupportLine.objects.create(
        name="Safe Line", kind="safety", phone="0808 2000 247", hours="Day and night"
    )
    SupportLine.objects.create(name="After", kind="breakup", url="https://example.org/after")
    html = visitor.get("/advice/safety/").text
    assert "Safe Line" in html and 'href="tel:08082000247"' in html and "Day and night" in html
    assert 'href="https://example.org/after"' in html
    assert 'data-support-missing="safety"' not in html
    assert 'data-support-missing="counselling"' in html


def test_a_new_line_changes_the_safety_notes_validator(visitor, guide):
    etag = visitor.get("/advice/safety/")["ETag"]
    assert visitor.get("/advice/safety/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    SupportLine.objects.create(name="Safe Line", kind="safety", phone="1")
    assert visitor.get("/advice/safety/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_line_needs_a_phone_or_an_address(db):
    with pytest.raises(IntegrityError):
        SupportLine.objects.create(name="Nowhere", kind="safety")


def test_lines_are_edited_in_the_admin(client, django_user_model, guide):
    admin = django_user_model.objects.create_superuser("root", "r@example.org", "pw-long-enough")
    client.force_login(admin)
    response = client.post(
        "/admin/advice/supportline/add/",
        {
            "name": "Talk",
            "kind": "counselling",
            "phone": "0800 1",
            "url": "",
            "hours": "",
            "order": 1,
        },
    )
    assert response.status_code == 302
    assert SupportLine.objects.get().name == "Talk"


def test_every_page_links_the_safety_note(visitor, alice_client, guide):
    for client, path in ((visitor, "/"), (visitor, "/advice/"), (alice_client, "/dashboard/")):
        assert 'href="/advice/safety/" data-safety-link' in client.get(path, follow=True).text


def test_the_last_tip_leads_somewhere(visitor, guide):
    html = visitor.get("/advice/you-dont-need-them/").text
    assert "data-last-tip" in html
    assert 'href="/advice/"' in html and 'href="/accounts/signup/"' in html
    assert "data-last-tip" not in page_html(visitor, "/advice/wait/")


def test_public_pages_describe_themselves(visitor, guide):
    descriptions = set()
    for path in ("/", "/advice/", "/advice/wait/"):
        html = visitor.get(path).text
        start = html.index('<meta name="description" content="') + 34
        descriptions.add(html[start : html.index('"', start)])
    assert len(descriptions) == 3
