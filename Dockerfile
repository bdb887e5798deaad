# Reconnect in one image, for self-hosters: the web server (`web`, the default command) and
# the task worker (`worker`) are two containers of it. compose.yaml runs both beside
# PostgreSQL; docs/deployment.md, "Container", says how.
#
# BASE is any Debian-like image with Python 3.11 or newer and its venv module, so a build
# that cannot pull one can name an image of its own (`make container-test` does).
ARG BASE=python:3.11-slim

# The dependencies, in a virtualenv of their own. Only this stage sees the index settings
# below, so none of them stays in the image.
FROM ${BASE} AS dependencies
# A package index of one's own (a mirror), when PyPI itself cannot be reached.
ARG PIP_INDEX_URL=
ARG PIP_EXTRA_INDEX_URL=
# reconnect/ops/container/pip/ may hold a pip.conf (and the CA bundle it names) for a
# network that needs them; it is empty otherwise.
COPY reconnect/ops/container/pip/ /pip-build/
WORKDIR /src
# pyproject.toml alone, so only a change to it installs the dependencies again. The project
# installs nothing of its own ([tool.setuptools] packages = []); the README it names is
# metadata, and an empty one keeps an edit to the real one from undoing that cache.
COPY pyproject.toml ./
# An empty PIP_INDEX_URL would be read as an index at "": unset, pip uses its own default.
# pip and setuptools leave the virtualenv at the end: nothing runs them in the image.
RUN [ -n "$PIP_INDEX_URL" ] || unset PIP_INDEX_URL; \
    [ -n "$PIP_EXTRA_INDEX_URL" ] || unset PIP_EXTRA_INDEX_URL; \
    if [ -f /pip-build/pip.conf ]; then export PIP_CONFIG_FILE=/pip-build/pip.conf; fi; \
    touch README.md \
    && python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check ".[postgres,s3,rq]" \
    && /opt/venv/bin/python -m pip uninstall --yes --quiet pip setuptools

FROM ${BASE}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_DEBUG=0 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media \
    SQLITE_PATH=/data/sqlite/db.sqlite3 \
    DJANGO_GUNICORN_PID_FILE=/tmp/gunicorn.pid \
    BIND=0.0.0.0:8000
# The app runs as its own user; it may write only under /data (the volumes).
RUN useradd --system --user-group --uid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin reconnect \
    && mkdir -p /data/media /data/keys /data/sqlite \
    && chown -R reconnect:reconnect /data \
    && chmod 700 /data/keys
COPY --from=dependencies /opt/venv /opt/venv
WORKDIR /app
COPY manage.py ./
COPY locale locale
COPY static static
COPY templates templates
COPY advice advice
COPY journal journal
COPY reconnect reconnect
# The static files, hashed and compressed, made once here. collectstatic reads the settings,
# which want a secret key and a data key with DEBUG off: random ones, for this command only.
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DJANGO_DATA_KEYS="$(python -c 'from reconnect.lib.datakeys import new_data_key; print(new_data_key())')" \
       python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q manage.py reconnect journal advice
USER reconnect
EXPOSE 8000
# The web server's /healthz (it and its database answer); in a worker's container, that
# worker's heartbeat.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "/app/reconnect/ops/container/healthcheck.py"]
ENTRYPOINT ["/app/reconnect/ops/container/entrypoint"]
CMD ["web"]
