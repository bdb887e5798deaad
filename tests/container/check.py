"""The container test's visits, as a person makes them: sign up, write, import; then, after
both containers restart, find it all again. Python's standard library only (the host's
python3), run by tests/container/run.sh; pytest does not collect it.

    python3 tests/container/check.py write  BASE_URL STATE_DIR
    python3 tests/container/check.py verify BASE_URL STATE_DIR
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

WAIT_SECONDS = 120
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Failure(Exception):
    pass


class Visitor:
    def __init__(self, base: str, cookies: http.cookiejar.MozillaCookieJar) -> None:
        self.base = base.rstrip("/")
        self.cookies = cookies
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))

    def get(self, path: str) -> tuple[str, str]:
        """The page's final address (after redirects) and its text."""
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str], file: tuple[str, bytes] | None = None):
        """GETs the form first, for its CSRF cookie and token, then sends it."""
        _, page = self.get(path)
        match = TOKEN.search(page)
        if not match:
            raise Failure(f"{path} has no CSRF token in its form")
        fields = {"csrfmiddlewaretoken": match.group(1), **fields}
        if file is None:
            body = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            boundary = secrets.token_hex(16)
            head = f"--{boundary}\r\nContent-Disposition: form-data; "
            parts = [f'{head}name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
            name, data = file
            parts.append(
                f'{head}name="file"; filename="{name}"\r\n'
                "Content-Type: application/json\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            kind = f"multipart/form-data; boundary={boundary}"
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": kind}, method="POST"
        )
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            raise Failure(
                f"{request.get_method()} {request.full_url} answered {error.code}:\n{text[:2000]}"
            ) from None


def field_errors(page: str) -> str:
    """The form's own complaints, so a refused form says why."""
    found = re.findall(r'class="[^"]*invalid-feedback[^"]*"[^>]*>(.*?)</', page, re.S)
    return "; ".join(" ".join(e.split()) for e in found) or "(no error shown)"


def write(base: str, state: Path) -> None:
    jar = http.cookiejar.MozillaCookieJar(str(state / "cookies.txt"))
    me = Visitor(base, jar)
    tag = secrets.token_hex(4)
    username = f"container-{tag}"
    password = f"Quiet-harbour-{secrets.token_urlsafe(12)}"

    url, page = me.post(
        "/accounts/signup/", {"username": username, "password1": password, "password2": password}
    )
    if "/accounts/signup/" in url:
        raise Failure(f"signing up was refused: {field_errors(page)}")
    print(f"signed up as {username}")

    title = f"Written in the container {tag}"
    url, page = me.post(
        "/journal/new/",
        {"day": "2026-09-30", "title": title, "body": "A quiet evening; I went for a run."},
    )
    if "/journal/new/" in url:
        raise Failure(f"the entry was refused: {field_errors(page)}")
    print(f"wrote an entry: {title}")

    imported = f"Imported in the container {tag}"
    export = {"entries": [{"date": "2026-10-01", "title": imported, "body": ""}]}
    url, page = me.post("/journal/import/", {}, ("journal.json", json.dumps(export).encode()))
    if not re.search(r"/journal/import/\d+/$", url):
        raise Failure(f"the import was refused ({url}): {field_errors(page)}")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        _, page = me.get(urllib.parse.urlsplit(url).path)
        state_match = re.search(r'data-import data-state="(\w+)"', page)
        import_state = state_match.group(1) if state_match else "?"
        if import_state == "done":
            break
        if import_state == "failed":
            raise Failure(f"the worker could not import the file:\n{page[:2000]}")
        if time.monotonic() > deadline:
            raise Failure(
                f"the import is still {import_state!r} after {WAIT_SECONDS} s: "
                "is the task worker running?"
            )
        time.sleep(1)
    print(f"the worker imported: {imported}")

    jar.save(ignore_discard=True)
    (state / "visit.json").write_text(
        json.dumps({"username": username, "password": password, "titles": [title, imported]})
    )


def verify(base: str, state: Path) -> None:
    visit = json.loads((state / "visit.json").read_text())
    jar = http.cookiejar.MozillaCookieJar(str(state / "cookies.txt"))
    jar.load(ignore_discard=True)

    def find_all(me: Visitor, how: str) -> None:
        url, page = me.get("/journal/")
        if "/accounts/login/" in url:
            raise Failure(f"{how}: /journal/ sent us to sign in")
        missing = [t for t in visit["titles"] if t not in page]
        if missing:
            raise Failure(f"{how}: the journal no longer shows {missing}")

    # The session from before the restart: it lives in the database and is signed with
    # the key on the keys volume, so both must have survived.
    find_all(Visitor(base, jar), "with the session from before the restart")
    print("the session from before the restart still opens the journal")

    me = Visitor(base, http.cookiejar.MozillaCookieJar())
    url, page = me.post(
        "/accounts/login/", {"username": visit["username"], "password": visit["password"]}
    )
    if "/accounts/login/" in url:
        raise Failure(f"signing in again was refused: {field_errors(page)}")
    find_all(me, "after signing in again")
    print("signed in again: both entries are still there")


if __name__ == "__main__":
    step, base, state_dir = sys.argv[1:4]
    try:
        {"write": write, "verify": verify}[step](base, Path(state_dir))
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
