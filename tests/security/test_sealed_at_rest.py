"""Nothing readable at rest: a person writes through the app, in a process of its own with
production settings and a real SQLite file; then the database file (its WAL too), a
backup, and the media folder are read as bytes, and none of their words or their photo's
bytes is there. The same words still read back through the app, and after the deployer's
key is rotated and the old key removed."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

import pytest

from reconnect.lib.datakeys import new_data_key
from tests.liveserver import PYTHON, ROOT, manage, own_database, production_env

# One word per place a person writes; none of them is in any template or catalogue.
WORDS = {
    "title": "Qwortleby",
    "body": "Zanfrimble",
    "tag": "Plonkavir",
    "change": "Grevimond",
    "change_notes": "Hulbrecant",
    "period": "Snorvadel",
    "reset": "Klimperhoot",
    "urge": "Vostrangle",
    "trigger_note": "Drimblevax",
    "reason": "Fennoglic",
    "friend": "Ousterbram",
    "friend_email": "ploddersnip",
    "display_name": "Yarrowquist",
    "phone": "0770090077",
    "slow_plan": "Brastwhindle",
    "own_help": "Quimbrelloc",
    "helped_note": "Zorvintash",
    "quick_tag": "Quimbleforth",
}

WRITE = """
import io, json, sys, django
django.setup()
from django.test import Client
from PIL import Image
from reconnect.accounts.models import User
from journal.models import Situation

words = json.loads(sys.argv[1])
user = User.objects.create_user("writer", password="a long and private passphrase")
user.friend_name, user.friend_email = words["friend"], words["friend_email"] + "@example.org"
user.display_name, user.callback_phone = words["display_name"], words["phone"]
user.save()
Situation.objects.create(user=user, slow_plan=words["slow_plan"], safety_concern=True)
client = Client()
client.force_login(user)

def post(path, data, *files):
    response = client.post(path, data)
    assert response.status_code == 302, (path, response.status_code)

photo = io.BytesIO()
Image.new("RGB", (64, 48), (200, 30, 90)).save(photo, "PNG")
photo.seek(0)
photo.name = "holiday.png"
post("/journal/focus/new/", {"name": words["change"], "notes": words["change_notes"],
     "need_to_fix": "yes", "want_to_fix": "yes", "for_myself": "yes"})
response = client.post("/journal/new/", {
    "day": "2026-03-05", "title": words["title"], "body": words["body"] + " #" + words["tag"],
    "mood": "", "focus": "", "tags": "", "photos": photo})
assert response.status_code == 302, response.status_code
post("/journal/waiting/new/", {"label": words["period"], "start": "2026-01-01", "days": 30})
from journal.models import WaitingPeriod, Urge
period = WaitingPeriod.objects.get()
post(f"/journal/waiting/{period.pk}/reset/", {"note": words["reset"]})
post("/urges/new/", {"message": words["urge"], "trigger_note": words["trigger_note"]})
post("/urges/reasons/", {"text": words["reason"]})
post("/urges/helps/", {"label": words["own_help"]})
urge = Urge.objects.get()
Urge.objects.filter(pk=urge.pk).update(pause_until=urge.created)  # the pause is over
post(f"/urges/{urge.pk}/helped/", {"helped": "other", "helped_note": words["helped_note"]})
post("/journal/mood/tags/", {"name": words["quick_tag"]})
from journal.models import QuickTag
post("/journal/mood/", {"mood": "4", "quick_tag": QuickTag.objects.get().pk})
print(client.get("/journal/?q=" + words["title"].lower()[:5]).content.decode().count("data-entry="))
"""

READ = """
import json, sys, django
django.setup()
from django.test import Client
from reconnect.accounts.models import User
client = Client()
client.force_login(User.objects.get(username="writer"))
pages = ["/journal/", "/journal/focus/", "/journal/waiting/", "/urges/reasons/", "/urges/drafts/",
         "/urges/helps/", "/journal/mood/tags/"]
entry = client.get("/journal/").content.decode().split('data-entry="')[1].split('"')[0]
pages.append(f"/journal/{entry}/")
print(json.dumps("\\n".join(client.get(page).content.decode() for page in pages)))
"""


def run(script: str, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def stored_bytes(*paths: Path) -> bytes:
    return b"".join(p.read_bytes() for p in paths if p.exists())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path, str]:
    import json

    tmp = tmp_path_factory.mktemp("rest")
    env = production_env(tmp / "db.sqlite3")
    env["DJANGO_MEDIA_ROOT"] = str(tmp / "media")
    env["DJANGO_ALLOWED_HOSTS"] = "testserver"  # the scripts' test client
    env["DJANGO_STATIC_ROOT"] = str(tmp / "static")
    own_database(env, "rest")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    found = run(WRITE, env, json.dumps(WORDS))
    return env, tmp, found


def test_search_finds_the_entry_by_the_start_of_a_word(written):
    _env, _tmp, found = written
    assert found.strip() == "1"


def test_no_word_is_in_the_database_file_or_its_wal_or_a_plain_dump(written):
    env, tmp, _found = written
    if "DATABASE_URL" in env:  # the suite on PostgreSQL: what a plain pg_dump holds
        dump = subprocess.run(
            ["pg_dump", "--format=plain", "--no-owner", env["DATABASE_URL"]],
            capture_output=True,
            timeout=120,
        )
        assert dump.returncode == 0, dump.stderr
        raw = dump.stdout.lower()
    else:
        raw = stored_bytes(tmp / "db.sqlite3", tmp / "db.sqlite3-wal").lower()
    assert b"writer" in raw  # the file read is the one written (usernames stay plain)
    leaked = [place for place, word in WORDS.items() if word.lower().encode() in raw]
    assert leaked == []


def test_no_word_or_photo_byte_is_in_the_media_folder_or_a_backup(written):
    env, tmp, _found = written
    media = [p for p in (tmp / "media").rglob("*") if p.is_file()]
    assert len(media) == 2  # the photo and its thumbnail
    for path in media:
        content = path.read_bytes()
        assert content[:4] == b"RCS1"
        assert not content[4:].startswith((b"\x89PNG", b"\xff\xd8\xff", b"RIFF"))
    backup = tmp / "backup.tar"
    manage("backup", str(backup), env=env)
    with tarfile.open(backup) as archive:
        contents = b"".join(
            archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile()
        ).lower()
    assert len(contents) > 10_000
    assert [place for place, word in WORDS.items() if word.lower().encode() in contents] == []
    assert b"\x89png" not in contents and b"\xff\xd8\xff" not in contents


def test_the_words_read_back_through_the_app_after_a_key_rotation(written):
    import json

    env, tmp, _found = written
    old = env["DJANGO_DATA_KEYS"]
    shown = json.loads(run(READ, env))
    for place in ("title", "body", "change", "period", "reason", "own_help", "quick_tag"):
        assert WORDS[place] in shown, place
    rotated = {**env, "DJANGO_DATA_KEYS": f"{new_data_key()},{old}"}
    assert "Re-wrapped 1 of 1" in manage("rotate_data_key", env=rotated)
    only_new = {**rotated, "DJANGO_DATA_KEYS": rotated["DJANGO_DATA_KEYS"].split(",")[0]}
    shown = json.loads(run(READ, only_new))
    for place in ("title", "body", "change", "period", "reason"):
        assert WORDS[place] in shown, place
    # With only the old key, nothing opens, and start-up says which variable to mend.
    result = subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={**env, "DJANGO_DATA_KEYS": old},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_DATA_KEYS" in result.stderr
