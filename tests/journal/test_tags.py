"""Tags: from the text and the form, per user, filing an entry under a change."""

from __future__ import annotations

from journal.models import Change, Entry, Tag
from tests.journal.writing import post_entry
from tests.records import matching


def test_tags_come_from_the_text_and_the_form(alice_client, alice):
    body = "Ran with @work friends #run, mail me a@b.org\n# Not a tag"
    post_entry(alice_client, body=body, tags="no contact, Run")
    entry = Entry.objects.get()
    assert sorted(t.name.lower() for t in entry.tags.all()) == ["no contact", "run", "work"]
    assert Tag.objects.filter(user=alice).count() == 3
    # Editing shows them in the box and keeps them.
    form = alice_client.get(f"/journal/{entry.pk}/edit/").text
    assert all(name in form for name in ("no contact", "Run", "work"))
    html = alice_client.get(f"/journal/{entry.pk}/").text
    assert 'data-tag="no contact"' in html


def test_a_tag_naming_a_change_files_the_entry_under_it(alice_client, alice, change):
    post_entry(alice_client, body=f"Practised #{change.name.lower()}")
    assert Entry.objects.get().focus == change


def test_a_filed_entry_keeps_its_change(alice_client, alice, change):
    other = Change.objects.create(user=alice, name="Sleep")
    post_entry(alice_client, focus=other.pk, tags=change.name)
    assert Entry.objects.get().focus == other


def test_tags_are_per_user(alice_client, bob_client, alice, bob):
    post_entry(alice_client, tags="run")
    post_entry(bob_client, tags="run")
    assert len(matching(Tag, name="run")) == 2
    assert Entry.objects.get(tags=Tag.objects.get(user=alice)).user == alice
