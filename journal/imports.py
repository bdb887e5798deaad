"""An import as a task: the request checks the upload and stores it; the worker imports it.

The request runs the cheap part of the upload stage (journal.formats.check_upload) and
answers at once with the progress page. The worker streams the stored file through the
rest of it, then checks and saves every record (journal.formats: all or nothing),
reporting its progress on the ImportJob, and deletes the stored upload when it ends.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from reconnect.lib.language import in_language_of

from . import formats
from .models import ImportJob
from .readiness.facts import record_readiness

if TYPE_CHECKING:
    from .auth import User

logger = logging.getLogger(__name__)


def start_import(user: User, upload: UploadedFile, with_settings: bool = False) -> ImportJob:
    """Store a checked upload for the worker and queue its import; `with_settings`: the
    person ticked to take the file's settings too."""
    job = ImportJob(user_id=user.pk, name=(upload.name or "upload")[-200:])
    job.upload.save("upload", upload, save=False)
    job.save()
    run_import.enqueue(job.pk, with_settings=with_settings)
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
def run_import(job_id: int, with_settings: bool = False) -> str:
    """Import a stored upload for its owner; whatever happens, the upload is deleted."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    # Running already: its worker died and the queue put the task back (reconnect/ops).
    # The dead run saved nothing (the entries are saved in one transaction), and a second
    # run skips those already there, so each entry is saved once.
    if job is None or job.state not in (ImportJob.State.QUEUED, ImportJob.State.RUNNING):
        return "nothing to do"  # deleted with its account, or already run
    _set(job_id, state=ImportJob.State.RUNNING, progress=0)
    last = [0]

    def progress(percent: int) -> None:
        percent = max(0, min(100, int(percent)))
        if percent != last[0]:
            last[0] = percent
            _set(job_id, progress=percent)

    # The report is stored as words, so they are written in the owner's language.
    speaking = in_language_of(job.user)
    try:
        with speaking, job.upload.open("rb") as stored:
            outcome = formats.import_file(
                job.name, stored, job.user, progress=progress, with_settings=with_settings
            )
        record_readiness(job.user)
    except formats.ImportProblem as problem:
        return _fail(job_id, str(problem))
    except Exception as error:
        # Only the kind of error and where: its message may quote the person's file.
        logger.error("Import %s failed unexpectedly: %s", job_id, where(error))
        with speaking:
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
