"""The guide in each language: served in the active one, English where a page is missing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advice.models import Tip

ES = {"Accept-Language": "es"}
EN = {"Accept-Language": "en"}
SOURCE = "---\nslug: {slug}\nkind: tip\norder: {order}\ntitle: {title}\nsummary: S.\n---\nBody.\n"


def test_a_tip_is_served_in_the_active_language(visitor, guide):
    spanish = visitor.get("/advice/wait/", headers=ES).text
    assert "Espera: no escribas demasiado pronto" in spanish
    assert "Consejo 2 de 7" in spanish
    assert "Demuestra cómo has cambiado" in spanish  # the next tip, in Spanish too
    english = visitor.get("/advice/wait/", headers=EN).text
    assert "Wait — don&#x27;t get in touch too soon" in english


def test_a_missing_translation_shows_in_english_marked_as_such(visitor, guide):
    Tip.objects.filter(slug="be-honest", language="es").delete()
    page = visitor.get("/advice/be-honest/", headers=ES).text
    assert '<html lang="es">' in page
    assert '<article class="prose" lang="en">' in page
    assert "Be honest about how you feel" in page
    index = visitor.get("/advice/", headers=ES).text
    assert 'data-tip="be-honest" lang="en"' in index
    assert "Ve despacio" in index  # the others stay Spanish
    assert index.count("data-tip=") == 7


def test_each_language_has_its_own_etag(visitor, guide):
    spanish = visitor.get("/advice/wait/", headers=ES)
    english = visitor.get("/advice/wait/", headers=EN)
    assert spanish["ETag"] != english["ETag"]
    assert "Accept-Language" in spanish["Vary"]
    assert spanish["Content-Language"] == "es"
    # A Spanish copy revalidated from an English browser is sent afresh, never a 304.
    afresh = visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=spanish["ETag"], headers=EN)
    assert afresh.status_code == 200
    again = visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=spanish["ETag"], headers=ES)
    assert again.status_code == 304


def test_a_spanish_edit_changes_the_spanish_etag(visitor, guide):
    etag = visitor.get("/advice/wait/", headers=ES)["ETag"]
    tip = Tip.objects.get(slug="show-how-you-have-changed", language="es")  # the next tip
    tip.title = "Demuestra sin palabras"
    tip.save()
    response = visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=etag, headers=ES)
    assert response.status_code == 200
    assert "Demuestra sin palabras" in response.text


def test_an_edit_a_page_does_not_show_keeps_its_etag(visitor, guide):
    """The validator is the page's own hash: a title it never shows leaves it as it was."""
    etag = visitor.get("/advice/wait/", headers=ES)["ETag"]
    Tip.objects.filter(slug="take-it-slow", language="es").update(title="Sin prisa")
    assert visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=etag, headers=ES).status_code == 304
    assert "Sin prisa" in visitor.get("/advice/", headers=ES).text  # the index lists it


@pytest.mark.parametrize("path", ["/advice/", "/advice/wait/", "/advice/safety/"])
def test_spanish_pages_take_as_many_queries_as_english(
    visitor, guide, path, django_assert_num_queries
):
    visitor.get(path, headers=EN)
    with django_assert_num_queries(_count(visitor, path, EN)):
        visitor.get(path, headers=ES)


def _count(client: Client, path: str, headers: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(path, headers=headers)
    return len(queries)


def test_the_spanish_guide_never_names_a_gender(guide):
    gendered = {"él", "ella", "ellos", "ellas", "novio", "novia", "vosotros", "ustedes"}
    tips = list(Tip.objects.filter(language="es"))
    assert tips, "no Spanish guide to read"
    for tip in tips:
        words = set(re.findall(r"\w+", (tip.title + tip.summary + tip.body).lower()))
        assert not words & gendered, tip.slug


def test_the_spanish_guide_never_says_reach_out(guide):
    tips = list(Tip.objects.filter(language="es"))
    assert tips, "no Spanish guide to read"
    for tip in tips:
        assert "dar el paso" not in (tip.body + tip.title + tip.summary).lower(), tip.slug


def write(folder: Path, slug: str, order: int, title: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{order:02d}-{slug}.md").write_text(
        SOURCE.format(slug=slug, order=order, title=title)
    )


def sync(folder: Path) -> str:
    out = io.StringIO()
    call_command("sync_advice", "--dir", str(folder), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_sync_loads_translations_and_removes_them(tmp_path):
    write(tmp_path, "one", 1, "One")
    write(tmp_path / "es", "one", 1, "Uno")
    assert "added one (es)" in sync(tmp_path)
    assert Tip.objects.get(slug="one", language="es").title == "Uno"
    (tmp_path / "es" / "01-one.md").unlink()
    assert "removed one (es)" in sync(tmp_path)
    assert list(Tip.objects.values_list("slug", "language")) == [("one", "en")]


@pytest.mark.django_db
def test_a_translation_without_an_original_changes_nothing(tmp_path):
    write(tmp_path, "one", 1, "One")
    write(tmp_path / "es", "uno", 1, "Uno")
    with pytest.raises(CommandError, match="no English page with the slug uno"):
        sync(tmp_path)
    assert not Tip.objects.exists()


@pytest.mark.django_db
def test_a_folder_for_a_language_the_site_does_not_offer_is_left_alone(tmp_path):
    write(tmp_path, "one", 1, "One")
    write(tmp_path / "fr", "one", 1, "Un")
    sync(tmp_path)
    assert list(Tip.objects.values_list("language", flat=True)) == ["en"]
