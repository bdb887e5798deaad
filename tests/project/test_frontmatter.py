"""One front-matter reader, for the guide's sources and the Markdown export's entries."""

from __future__ import annotations

import pytest

from advice import content
from journal.formats import markdown
from reconnect.lib import frontmatter
from reconnect.lib.frontmatter import FrontMatterError, split_front_matter
from tests.hostile import alias_bomb


def test_it_splits_names_and_values_from_the_text():
    found = split_front_matter("---\ntitle: Hello\ntags: [a, b]\n---\n\nBody\n")
    assert found == ({"title": "Hello", "tags": ["a", "b"]}, "\nBody\n")


def test_an_empty_block_has_no_names():
    assert split_front_matter("---\n---\nBody") == ({}, "Body")


def test_text_without_a_block_has_none():
    assert split_front_matter("# Just Markdown\n") is None
    assert split_front_matter("\n---\ntitle: late\n---\n") is None


def test_unreadable_yaml_says_where():
    with pytest.raises(FrontMatterError) as raised:
        split_front_matter("---\ntitle: one\ntitle: [unclosed\n---\n")
    assert raised.value.line >= 3
    assert raised.value.problem


def test_a_block_that_is_not_names_and_values_is_refused():
    with pytest.raises(FrontMatterError) as raised:
        split_front_matter("---\n- a list\n---\n")
    assert (raised.value.line, raised.value.problem) == (2, "")


def test_yaml_builds_no_objects():
    with pytest.raises(FrontMatterError):
        split_front_matter("---\nx: !!python/object/apply:os.system [echo]\n---\n")


def test_the_guide_and_the_markdown_import_read_it_the_same_way():
    """Neither keeps a parser of its own."""
    for module in (content, markdown):
        assert module.split_front_matter is frontmatter.split_front_matter
        assert not hasattr(module, "FRONT_MATTER")


def test_an_alias_bomb_is_refused_before_it_grows():
    with pytest.raises(FrontMatterError) as refused:
        split_front_matter(alias_bomb())
    assert "alias" in refused.value.problem and refused.value.line == 3


def test_nesting_deeper_than_the_limit_is_refused_in_words():
    deep = "---\nx: " + "[" * 5_000 + "]" * 5_000 + "\n---\n"
    with pytest.raises(FrontMatterError) as refused:
        split_front_matter(deep)
    assert "nested over 10 deep" in refused.value.problem


def test_a_block_over_the_size_limit_is_refused_unread():
    big = "---\n" + "".join(f"k{n}: v\n" for n in range(3_000)) + "---\n"
    with pytest.raises(FrontMatterError) as refused:
        split_front_matter(big)
    assert "longer than 16 KB" in refused.value.problem


def test_an_anchor_without_an_alias_and_ordinary_nesting_still_read():
    meta, body = split_front_matter("---\ntags: &t [a, b]\nday: 2026-01-01\n---\nhi\n") or ({}, "")
    assert meta["tags"] == ["a", "b"] and body == "hi\n"
