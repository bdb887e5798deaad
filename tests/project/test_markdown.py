from __future__ import annotations

import pytest

from reconnect.lib.markdown import render_markdown
from tests.markup import inert


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "![tracker](https://example.com/pixel.png)",
        '<iframe src="https://example.com"></iframe>',
        '<p style="background:url(https://example.com)">x</p>',
    ],
)
def test_dangerous_markup_never_survives(payload):
    assert inert(render_markdown(payload))


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("I <3 my running club", "I &lt;3 my running club"),
        ("<my ex> said ok", "&lt;my ex&gt; said ok"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ],
)
def test_raw_html_is_shown_as_the_text_it_is(written, shown):
    """What someone wrote between < and > is never silently dropped."""
    assert render_markdown(written) == f"<p>{shown}</p>"


def test_an_image_keeps_its_description_and_loads_nothing():
    html = render_markdown("![the pier at dusk](https://example.com/pixel.png)")
    assert html == "<p>the pier at dusk</p>"


def test_line_endings_from_a_browser_render_like_any_other():
    assert render_markdown("a\r\nb\r\n\r\nc") == render_markdown("a\nb\n\nc")


def test_ordinary_markdown_renders():
    html = render_markdown("Some **bold** and a [link](/advice/).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="/advice/" rel="noopener noreferrer">link</a>' in html
    assert "<li>one</li>" in html


PATHOLOGICAL = {
    "brackets": "[" * 20_000,
    "image brackets": "![" * 10_000,
    "emphasis brackets": "*[" * 10_000,
    "nested brackets": "[" * 10_000 + "]" * 10_000,
    "emphasis": "*a" * 10_000,
    "definition lists": "a\n: b\n" * 3_000,
    "nested lists": "".join("  " * i + "- x\n" for i in range(2_000))[:20_000],
    "nested quotes": "> " * 10_000,
    "links": "[a](" * 5_000,
    "table": "|a" * 5_000 + "|\n" + "|-" * 5_000 + "|\n" + "|x" * 5_000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_bodies_render(name):
    """Each renders without an error; how long it takes is in the benchmark (make bench)."""
    text = PATHOLOGICAL[name][:20_000]
    assert render_markdown(text).strip()


def test_the_owners_photos_show_inline_and_nothing_else_loads():
    """An entry may show its own photos (served only to their owner); no other image loads."""
    own = render_markdown("![the pier at dusk](/journal/photos/a1b2/full/)")
    assert (
        own == '<p><img src="/journal/photos/a1b2/full/" alt="the pier at dusk" loading="lazy"></p>'
    )
    for elsewhere in (
        "![x](https://example.com/pixel.png)",
        "![x](//example.com/pixel.png)",
        "![x](/journal/photos/../../admin/)",
        "![x](/accounts/logout/)",
        # A browser reads %2e as a dot: these would load another page as an image.
        "![q](/journal/photos/%2e%2e/%2e%2e/accounts/profile/)",
        "![q](/journal/photos/%252e%252e/%252e%252e/accounts/profile/)",
        "![q](/journal/photos/a1b2/%2e%2e/%2e%2e/accounts/profile/)",
        "![q](/journal/photos/a1b2/full/../../../../accounts/profile/)",
        "![q](/journal/photos/./a1b2/full/)",
        "![q](/journal/photos/a1b2/full/?next=/accounts/)",
        "![q](/journal/photos/a1b2/other/)",
        "![q](/journal/photos/a1b2/full)",
        "![q](/journal/photos/a%2Fb/full/)",
        "![q](/journal/photos/a1b2\\..\\..\\x/full/)",
        '<img src="/journal/photos/%2e%2e/%2e%2e/accounts/profile/">',
    ):
        assert inert(render_markdown(elsewhere)), elsewhere
    assert render_markdown("![q](/journal/photos/%2e%2e/%2e%2e/accounts/profile/)") == "<p>q</p>"
