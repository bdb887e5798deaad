"""Data out and in: the exports and the import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import formats
from ..auth import AuthenticatedHttpRequest
from ..forms import ImportForm
from ..readiness.facts import record_readiness


@login_required
def export(request: AuthenticatedHttpRequest, fmt: str) -> StreamingHttpResponse:
    if fmt not in formats.EXPORTS:
        raise Http404("No such export format.")
    write, content_type, extension = formats.EXPORTS[fmt]
    response = StreamingHttpResponse(write(request.user), content_type=content_type)
    filename = f"reconnect-{request.user.local_today():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm()
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > formats.MAX_BYTES + 64 * 1024:
            # Refuse before Django reads the upload at all.
            form.problem = _("%(problem)s Nothing was imported.") % {
                "problem": formats.upload.too_large()
            }
            return render(request, "journal/import.html", {"form": form})
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > formats.MAX_BYTES:
                    raise formats.ImportProblem(formats.upload.too_large())
                outcome = formats.import_file(upload.name, upload.read(), request.user)
                record_readiness(request.user)
            except formats.ImportProblem as problem:
                form.add_error(
                    "file", _("%(problem)s Nothing was imported.") % {"problem": problem}
                )
            else:
                messages.success(
                    request,
                    _("Imported %(added)d entries; %(already)d were already here.")
                    % {"added": outcome.added, "already": outcome.already},
                )
                if outcome.not_kept:
                    messages.info(request, outcome.not_kept)
                return redirect("journal:entry_list")
    return render(request, "journal/import.html", {"form": form})
