from __future__ import annotations

import pytest

from reconnect.markdown import render_markdown


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
    html = render_markdown(payload)
    for bad in ("<script", "onerror", "javascript:", "<img", "<iframe", "style=", "example.com/"):
        assert bad not in html


def test_ordinary_markdown_renders():
    html = render_markdown("Some **bold** and a [link](/advice/).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="/advice/" rel="noopener noreferrer">link</a>' in html
    assert "<li>one</li>" in html
