"""Markdown to safe HTML, for journal entries and guide pages alike.

Rendered once, when an entry or a tip is saved, and stored; a page view does no
Markdown work. markdown-it-py (CommonMark) runs in time linear in the input, so no
body, however it is nested, can hold a worker for long; nh3 then removes anything that
could run script or load from elsewhere.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

import nh3
from django.utils.translation import gettext
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "loading"},
    "ol": {"start"},
}
# The one place an image may come from: the owner's own photos, served by this app to
# them alone (journal.views.photo). Any other image is shown as its description.
# A photo's address is exactly its token (secrets.token_urlsafe's alphabet) and a size.
PHOTO_URL = re.compile(r"/journal/photos/[A-Za-z0-9_-]{1,64}/(?:full|thumb)/")


def is_own_photo(src: str) -> bool:
    """Whether `src` is exactly a photo's address, as a browser would resolve it.

    A browser reads "%2e%2e" as "..", so "/journal/photos/%2e%2e/%2e%2e/accounts/profile/"
    would load the profile page as an image: the source is decoded and its dots resolved
    first, and must then still be the very address it claims to be.
    """
    decoded = src
    for _ in range(5):
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    resolved = posixpath.normpath(decoded.replace("\\", "/")) + "/"
    return resolved == src and PHOTO_URL.fullmatch(src) is not None


def _image(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """One of the owner's photos inline; any other image as its description, loading nothing."""
    token = tokens[idx]
    described = self.renderInline(token.children or [], options, env)
    src = str(token.attrGet("src") or "")
    if is_own_photo(src):
        # A photo without a description (as Day One writes them) is still named.
        alt = self.renderInlineAsText(token.children or [], options, env) or gettext("Photo")
        alt = escapeHtml(alt)
        return f'<img src="{escapeHtml(src)}" alt="{alt}" loading="lazy">'
    return described


def _only_own_photos(tag: str, name: str, value: str) -> str | None:
    """A second guard after rendering: an image's source must be one of the photos."""
    if tag == "img" and name == "src" and not is_own_photo(value):
        return None
    return value


# html=False: raw HTML is shown as the text it is ("I <3 my running club"), never run
# and never silently dropped.
_parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_parser.add_render_rule("image", _image)
# Journal entries show a line break where it was typed, as jrnl and Day One show them.
_lines_parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)
_lines_parser.add_render_rule("image", _image)


def render_markdown(text: str, *, breaks: bool = False) -> str:
    """Render Markdown and strip anything that could run script or load from elsewhere.

    Links keep only http(s), mailto and relative URLs and get rel="noopener noreferrer".
    With `breaks`, a single line break is a line break, not a space.
    """
    html = (_lines_parser if breaks else _parser).render(text.replace("\r\n", "\n"))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_only_own_photos,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
