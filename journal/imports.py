"""An import as a task: the request checks the upload and stores it; the worker imports it.

The request looks only at what is cheap to see (the size, whether it is a zip or UTF-8
text that could be JSON, CSV or Markdown) and answers at once with the progress page.
The worker reads, checks and saves the whole file (journal.formats: all or nothing),
reporting its progress on the ImportJob, and deletes the stored upload when it ends.
"""

from __future__ import annotations

import io
import logging
import traceback
import zipfile
from typing import IO, TYPE_CHECKING, cast

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from . import formats
from .models import ImportJob
from .readiness.facts import record_readiness

if TYPE_CHECKING:
    from .auth import User

logger = logging.getLogger(__name__)

# How much of a text file is read in the request to see that it is UTF-8 text.
SNIFF_BYTES = 64 * 1024
KINDS = (".json", ".csv", ".md", ".txt", ".zip")


def check_upload(upload: UploadedFile) -> None:
    """Raise ImportProblem if the upload is plainly no export; cheap enough for a request."""
    name = upload.name or ""
    if (upload.size or 0) > formats.MAX_BYTES:
        raise formats.ImportProblem(formats.upload.too_large())
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not head.strip():
        raise formats.ImportProblem(_("The file is empty."))
    if head[:4] == b"PK\x03\x04":
        try:
            # Reads the directory at the end, not the members.
            zipfile.ZipFile(cast(IO[bytes], upload)).infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise formats.ImportProblem(_("The zip file is damaged.")) from None
        finally:
            upload.seek(0)
        return
    try:
        # A cut in the middle of a character at the end of the sample is no fault.
        io.TextIOWrapper(io.BytesIO(head), encoding="utf-8-sig").read()
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            raise formats.ImportProblem(
                _("%(name)s is not text in UTF-8, so it can't be an export.") % {"name": name[-80:]}
            ) from None
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first not in (b"{", b"[") and not name.lower().endswith(KINDS):
        raise formats.ImportProblem(
            _(
                "This is not a journal export this app knows: expected this app's JSON "
                "export, jrnl's JSON export or Day One's Journal.json."
            )
        )


def start_import(user: User, upload: UploadedFile) -> ImportJob:
    """Store a checked upload for the worker and queue its import."""
    job = ImportJob(user_id=user.pk, name=(upload.name or "upload")[-200:])
    job.upload.save("upload", upload, save=False)
    job.save()
    run_import.enqueue(job.pk)
    return job


def _set(job_id: int, **fields: object) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def where(error: BaseException) -> str:
    """An error's class and the line it came from, without its message."""
    frames = traceback.extract_tb(error.__traceback__)
    place = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__qualname__}{place}"


def _fail(job_id: int, problem: str) -> str:
    """Store why an import failed; the job is never left running, whatever the words."""
    _set(job_id, state=ImportJob.State.FAILED, problem=problem, finished=timezone.now())
    return "failed"


@task()
def run_import(job_id: int) -> str:
    """Import a stored upload for its owner; whatever happens, the upload is deleted."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.state != ImportJob.State.QUEUED:
        return "nothing to do"  # deleted with its account, or already run
    _set(job_id, state=ImportJob.State.RUNNING, progress=0)
    last = [0]

    def progress(percent: int) -> None:
        percent = max(0, min(100, int(percent)))
        if percent != last[0]:
            last[0] = percent
            _set(job_id, progress=percent)

    try:
        with job.upload.open("rb") as stored:
            data = stored.read()
        outcome = formats.import_file(job.name, data, job.user, progress=progress)
        record_readiness(job.user)
    except formats.ImportProblem as problem:
        return _fail(job_id, str(problem))
    except Exception as error:
        # Only the kind of error and where: its message may quote the person's file.
        logger.error("Import %s failed unexpectedly: %s", job_id, where(error))
        return _fail(job_id, _("Something went wrong on the server while importing."))
    finally:
        if job.upload.name:
            job.upload.storage.delete(job.upload.name)
        _set(job_id, upload="")
    _set(
        job_id,
        state=ImportJob.State.DONE,
        progress=100,
        added=outcome.added,
        already=outcome.already,
        not_kept=outcome.not_kept,
        finished=timezone.now(),
    )
    return "done"
