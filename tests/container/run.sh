#!/usr/bin/env bash
# The container for self-hosters, for real (`make container-test`; not part of `make test`):
# build the image, run its web server and task worker against the PostgreSQL on
# 127.0.0.1:5432, sign up, write an entry, import a file, restart both containers and find
# it all again. Needs root: it installs docker.io and debootstrap when they are missing and
# starts the Docker daemon when none runs. Nothing is pulled from an image registry: the
# base image is made here from Debian packages (and kept for the next run).
set -euo pipefail
cd "$(dirname "$0")/../.."

WAIT=120
BASE_IMAGE=reconnect-test-base:bookworm
IMAGE=reconnect:container-test
NAME=reconnect-container-test
DATABASE=reconnect_container_test
ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DATABASE
PY=python3

started=$SECONDS
step() { printf '== %s (%d s)\n' "$*" $((SECONDS - started)); }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
# wait_for SECONDS PROBLEM COMMAND...: run COMMAND every second until it succeeds, or
# say PROBLEM after SECONDS.
wait_for() {
  local limit=$1 problem=$2; shift 2
  local until=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < until)) || { echo "FAILED: $problem (waited $limit s)" >&2; return 1; }
    sleep 1
  done
}

work=$(mktemp -d)
cleanup() {
  local status=$?
  if ((status != 0)) && docker inspect "$NAME-web" >/dev/null 2>&1; then
    for c in web worker; do
      echo "-- the last lines of $c's log" >&2
      docker logs --tail 40 "$NAME-$c" >&2 2>&1 || true
    done
  fi
  docker rm -f "$NAME-web" "$NAME-worker" >/dev/null 2>&1 || true
  docker volume rm "$NAME-media" "$NAME-keys" >/dev/null 2>&1 || true
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    docker run --rm --network host "$IMAGE" python -c "import psycopg; psycopg.connect('$ADMIN_URL', autocommit=True).execute('DROP DATABASE IF EXISTS $DATABASE')" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

step "tools"
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

step "the Docker daemon"
if ! docker info >/dev/null 2>&1; then
  # No bridge and no firewall rules: every container here uses the host's network, and
  # listens on 127.0.0.1 only. It stays running, with its images, for the next run.
  mkdir -p /var/lib/docker
  nohup dockerd --bridge=none --iptables=false --data-root=/var/lib/docker \
    >/var/log/reconnect-dockerd.log 2>&1 &
  wait_for "$WAIT" "the Docker daemon did not start (its log: /var/log/reconnect-dockerd.log)" docker info
fi

step "the base image"
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  echo "kept from an earlier run: $BASE_IMAGE"
else
  # Debian's own python3 (3.11) and its venv module; pyvips-binary brings its libvips.
  rootfs="$work/rootfs"
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; fail "debootstrap could not make the base"; }
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*
  tar -C "$rootfs" -c . | docker import - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
fi

step "the image"
# The build context: the project's files as git sees them (committed or not; nothing it
# ignores), plus what pip needs to reach the package index from inside the build.
context="$work/context"
mkdir -p "$context"
git ls-files -z --cached --others --exclude-standard \
  | tar --null --files-from=- --ignore-failed-read -c 2>/dev/null | tar -x -C "$context"
cp /etc/ssl/certs/ca-certificates.crt "$context/reconnect/ops/container/pip/ca-certificates.crt"
# The host's pip settings that mean something inside the build: its index and extra
# indexes when they are web addresses (a file:// index or a local folder is not there),
# and a few plain options. The CA bundle is the host's, copied above.
# The project's virtualenv has pip for certain; a bare python3 may not.
pip_python=$PY
[ -x .venv/bin/python ] && pip_python=.venv/bin/python
pip_settings=$("$pip_python" - "$context/reconnect/ops/container/pip/pip.conf" <<'PYTHON'
import os, re, shlex, subprocess, sys

pip = [sys.executable, "-m", "pip"]
listed = subprocess.run(pip + ["config", "list"], capture_output=True, text=True).stdout
settings = {}
for line in listed.splitlines():
    match = re.fullmatch(r"[^.]*\.([\w-]+)='(.*)'", line.strip())
    if match:
        settings[match.group(1)] = match.group(2)
for key in ("index-url", "extra-index-url", "trusted-host", "timeout", "default-timeout"):
    value = os.environ.get("PIP_" + key.upper().replace("-", "_"))
    if value:
        settings[key] = value
web = lambda urls: " ".join(u for u in urls.split() if u.startswith(("http://", "https://")))
index = web(settings.get("index-url", ""))
extra = web(settings.get("extra-index-url", ""))
with open(sys.argv[1], "w") as conf:
    conf.write("[global]\ncert = /pip-build/ca-certificates.crt\n")
    for key in ("trusted-host", "timeout", "default-timeout"):
        if settings.get(key):
            conf.write(f"{key.replace('default-', '')} = {settings[key]}\n")
print(f"index={shlex.quote(index.split()[0] if index else '')}")
print(f"extra={shlex.quote(extra)}")
PYTHON
)
eval "$pip_settings"
echo "package index: ${index:-PyPI}${extra:+ (and $extra)}"
if ! DOCKER_BUILDKIT=0 docker build --network host --build-arg BASE="$BASE_IMAGE" \
  --build-arg PIP_INDEX_URL="$index" --build-arg PIP_EXTRA_INDEX_URL="$extra" \
  -t "$IMAGE" "$context" >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  fail "the image did not build"
fi
docker image ls "$IMAGE" --format 'image {{.Repository}}:{{.Tag}}: {{.Size}}'

step "a fresh database"
# The machine's PostgreSQL, reached from a container of the image itself (psycopg is in it).
psql_from_image() {
  docker run --rm --network host "$IMAGE" python -c "import psycopg; psycopg.connect('$ADMIN_URL', autocommit=True, connect_timeout=5).execute('$1')"
}
wait_for "$WAIT" "PostgreSQL does not answer at 127.0.0.1:5432 as user postgres (trust auth): start it and run again" \
  psql_from_image "SELECT 1"
psql_from_image "DROP DATABASE IF EXISTS $DATABASE"
psql_from_image "CREATE DATABASE $DATABASE"

step "web and worker"
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
run() {
  local role=$1; shift
  docker run -d --name "$NAME-$role" --network host \
    --health-interval 5s \
    -e DATABASE_URL="$DATABASE_URL" \
    -e DJANGO_SECRET_KEY_FILE=/data/keys/secret_key \
    -e DJANGO_DATA_KEYS_FILE=/data/keys/data_keys \
    -e DJANGO_ALLOWED_HOSTS=127.0.0.1 -e DJANGO_HTTPS=0 \
    -e BIND="127.0.0.1:$port" \
    -v "$NAME-media:/data/media" -v "$NAME-keys:/data/keys" \
    "$@" "$IMAGE" "$role" >/dev/null
}
run web
run worker
healthy() {
  "$PY" -c "import urllib.request; urllib.request.urlopen('$base/healthz', timeout=5)" &&
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$NAME-web")" = healthy ] &&
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$NAME-worker")" = healthy ]
}
# The first start migrates a new database from nothing: on a busy machine, over a minute.
wait_for $((WAIT + 60)) "/healthz at $base did not answer 200 with both containers healthy" healthy
echo "/healthz: 200; web and worker healthy; running as $(docker exec "$NAME-web" id -un)"

step "sign up, write, import"
"$PY" tests/container/check.py write "$base" "$work"

step "restart both"
docker restart "$NAME-web" "$NAME-worker" >/dev/null
wait_for "$WAIT" "after the restart, /healthz did not answer 200 with both containers healthy" healthy

step "everything still there"
"$PY" tests/container/check.py verify "$base" "$work"

step "container test passed"
