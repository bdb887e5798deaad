"""Data out and in: the exports and the import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .. import formats, imports
from ..auth import AuthenticatedHttpRequest
from ..forms import ImportForm
from ..models import ImportJob
from ..shortcuts import get_owned


@login_required
def export(request: AuthenticatedHttpRequest, fmt: str) -> StreamingHttpResponse:
    if fmt not in formats.EXPORTS:
        raise Http404("No such export format.")
    write, content_type, extension = formats.EXPORTS[fmt]
    pieces = formats.in_words_of(request.user, write(request.user))
    response = StreamingHttpResponse(pieces, content_type=content_type)
    # A downloads folder is seen too: in discreet mode the file is plain "notes-…".
    stem = "notes" if request.user.discreet else "reconnect"
    filename = f"{stem}-{request.user.local_today():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Check the upload (size, kind, encoding), store it and queue its import."""
    form = ImportForm()
    if request.method == "POST":
        try:
            # Refuse before Django reads the upload at all: the form around the file (its
            # boundaries, headers and token) takes well under 64 KiB.
            formats.check_size(int(request.META.get("CONTENT_LENGTH") or 0) - 64 * 1024)
        except formats.ImportProblem as problem:
            form.problem = _("%(problem)s Nothing was imported.") % {"problem": problem}
            return render(request, "journal/import.html", {"form": form})
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                formats.check_upload(upload.name or "", upload, upload.size or 0)
            except formats.ImportProblem as problem:
                form.add_error(
                    "file", _("%(problem)s Nothing was imported.") % {"problem": problem}
                )
            else:
                with_settings = form.cleaned_data["with_settings"]
                return redirect(imports.start_import(request.user, upload, with_settings))
    return render(request, "journal/import.html", {"form": form})


@login_required
def import_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """`/journal/import/<id>/`: how an import is going; at the end, what came of it.

    Without JavaScript the page refreshes itself until the import ends; with it, a script
    asks for `?progress` (a small JSON) and updates the bar in place.
    """
    job = get_owned(request, ImportJob.objects.all(), pk)
    if "progress" in request.GET:
        response: HttpResponse = JsonResponse({"state": job.state, "progress": job.progress})
    else:
        response = render(request, "journal/import_progress.html", {"job": job})
    add_never_cache_headers(response)
    return response
