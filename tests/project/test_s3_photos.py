"""Out of one machine: two app servers on one PostgreSQL database, one private S3 bucket
(moto's server, a real S3-compatible process on loopback) and the task queue on Redis with
an RQ worker. A photo uploaded through one server is prepared by the worker and served by
the other, to its owner only."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection
from PIL import Image

from tests.liveserver import (
    PYTHON,
    ROOT,
    free_port,
    gunicorn,
    manage,
    production_env,
    redis_url,
    sessions,
    stop,
)
from tests.markup import search

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two app servers share one database only on PostgreSQL (CI runs it)",
    ),
    pytest.mark.django_db(transaction=True),
]
BUCKET = "reconnect-photos"


@contextlib.contextmanager
def stopping(process: subprocess.Popen[bytes]) -> Iterator[None]:
    """Stop a worker at the end: asked first, then told (an idle RQ worker may wait out
    its blocking read of the queue before it looks at the signal)."""
    try:
        yield
    finally:
        stop(process, 15)


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3 server on a free loopback port; yield its endpoint URL."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("moto's server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_uploaded_through_one_server_is_served_by_the_other(tmp_path):
    import boto3
    import requests

    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    with s3_server() as endpoint:
        keys = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")  # fmt: skip
        s3.create_bucket(Bucket=BUCKET)
        env = {
            **production_env(tmp_path / "unused.sqlite3"),
            **keys,
            "DATABASE_URL": database,
            "DJANGO_S3_BUCKET": BUCKET,
            "DJANGO_S3_ENDPOINT_URL": endpoint,
            "DJANGO_S3_REGION": "us-east-1",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "no-photos-here"),
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "DJANGO_TASKS_BACKEND": "rq",
            "DJANGO_REDIS_URL": redis_url(),
            # Every key of this test's queue starts with it: parallel tests never meet.
            "RQ_KEY_PREFIX": f"s3test-{uuid.uuid4().hex[:12]}",
        }
        manage("collectstatic", "--noinput", "-v0", env=env)
        keys_by_name = sessions(env, "sam", "kim")
        log = (tmp_path / "rqworker.log").open("wb")
        rq_worker = subprocess.Popen(
            [PYTHON, "manage.py", "rqworker", "default"], cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        with (
            contextlib.closing(log),
            stopping(rq_worker),
            gunicorn(env, workers=1) as first,
            gunicorn(env, workers=1) as second,
        ):
            sam = requests.Session()
            sam.cookies.set("sessionid", keys_by_name["sam"])
            form = sam.get(f"{first}/journal/new/")
            token = search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text, 1)
            saved = sam.post(
                f"{first}/journal/new/",
                data={"csrfmiddlewaretoken": token, "day": "2026-03-01", "title": "Lake"},
                files={"photos": ("lake.jpg", jpeg(), "image/jpeg")},
                headers={"Referer": f"{first}/journal/new/"},
            )
            assert saved.status_code == 200 and "/journal/" in saved.url
            # The worker prepares the photo; the other server shows it once it is ready.
            deadline = time.monotonic() + 60
            while not re.search(
                r"/journal/photos/[\w-]+/full/",
                page := sam.get(saved.url.replace(first, second)).text,
            ):
                assert time.monotonic() < deadline, (tmp_path / "rqworker.log").read_text()
                time.sleep(0.5)
            address = search(r"/journal/photos/[\w-]+/full/", page)
            served = sam.get(second + address)
            assert served.status_code == 200
            assert served.headers["Content-Type"] == "image/jpeg"
            assert served.headers["Cache-Control"].startswith("private, no-store")
            # The file is in the bucket, nowhere on disk, and private.
            objects = s3.list_objects_v2(Bucket=BUCKET)["Contents"]
            assert len(objects) == 2  # the photo and its thumbnail
            stored = [s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in objects]
            # The bucket holds the photo sealed; the server opens it for its owner.
            assert served.content[:3] == b"\xff\xd8\xff"
            assert all(body[:4] == b"RCS1" for body in stored)
            assert not any(served.content in body for body in stored)
            assert not (tmp_path / "no-photos-here").exists()
            for item in objects:
                grants = s3.get_object_acl(Bucket=BUCKET, Key=item["Key"])["Grants"]
                assert not any("AllUsers" in str(g.get("Grantee")) for g in grants)
            # Someone else is never served it, through either server.
            kim = requests.Session()
            kim.cookies.set("sessionid", keys_by_name["kim"])
            assert kim.get(first + address).status_code == 404
            assert kim.get(second + address).status_code == 404
