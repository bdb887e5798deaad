"""The test client's response, by the name Django's type stubs give it.

The test client hands back the view's own response with attributes added (`json()`,
`context`, `templates`, `redirect_chain`); the stubs describe that as a class that exists
for the type checker only, so tests and their helpers annotate with this name. (It has no
`url`, which only a redirect has: typed code reads a redirect's `["Location"]`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    # At run time the name is only imported, for annotations that are never evaluated.
    from django.http import HttpResponse as Response

__all__ = ["Response"]
