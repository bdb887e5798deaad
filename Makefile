# The two commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
# bash for `wait -n`: the web server and the worker stop together.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test serve container-test bench screenshots format migrate messages messages-extract clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,postgres]"
	touch $(STAMP)

# The translations: locale/<language>/LC_MESSAGES/django.po compiled to .mo by Babel, so no
# system gettext is needed. The .mo files are committed too; a test fails when one is stale.
messages: $(STAMP)
	$(VENV)/bin/pybabel compile --directory locale --domain django --statistics

# After words change: collect every wrapped string from the code and templates into each
# language's .po (new ones empty, changed ones fuzzy). Needs GNU gettext (apt-get install
# gettext), as Django's makemessages does; translate, then `make messages`.
messages-extract: $(STAMP)
	$(PY) manage.py makemessages --all --no-location --no-obsolete \
		--ignore='.venv/*' --ignore='tests/*' --ignore='staticfiles/*' --ignore='docs/*'
	@$(PY) -m reconnect.lib.catalogues

# The development data key (DEBUG on only): made once, kept beside the project, never
# committed. Production takes DJANGO_DATA_KEYS (docs/deployment.md).
.dev-data-keys: | $(STAMP)
	$(PY) manage.py new_data_key > $@
	@echo "Made a development data key in .dev-data-keys: it seals this checkout's journals."

migrate: $(STAMP) messages .dev-data-keys
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_advice

# The web server and the task worker together; Ctrl-C (or either one ending) stops both.
run: migrate
	@trap 'kill 0' INT TERM; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver 127.0.0.1:8000 & \
	wait -n; kill 0

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

# Production-style: DEBUG off, static files collected, gunicorn with 2 sync workers and
# one task worker (imports, photos, mail); Ctrl-C stops both. They are separate processes:
# a worker that exits is started again after 2 s, as a supervisor would, and never takes
# the web server with it; the web server ending stops everything.
# Needs DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE), DJANGO_DATA_KEYS (or
# DJANGO_DATA_KEYS_FILE) and DJANGO_ALLOWED_HOSTS (see
# docs/deployment.md, "Configuration").
# The access log leaves out query strings (a search in one's journal is private too), and
# its logger class hides the calendar feed's secret address (reconnect/lib/logs.py).
serve: $(STAMP) messages
	@test -n "$$DJANGO_SECRET_KEY$$DJANGO_SECRET_KEY_FILE" || { echo "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is not set: see docs/deployment.md, Configuration."; exit 1; }
	@test -n "$$DJANGO_DATA_KEYS$$DJANGO_DATA_KEYS_FILE" || { echo "DJANGO_DATA_KEYS (or DJANGO_DATA_KEYS_FILE) is not set: it holds the key that seals every journal. Make one with: .venv/bin/python manage.py new_data_key (keep it safe, and apart from the backups; see docs/deployment.md)."; exit 1; }
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	@trap 'kill 0' INT TERM EXIT; \
	while true; do \
		DJANGO_DEBUG=0 $(PY) manage.py db_worker --no-reload; \
		echo "The task worker stopped (exit $$?); starting it again in 2 s." >&2; sleep 2; \
	done & \
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn reconnect.wsgi --workers 2 --bind $${BIND:-127.0.0.1:8000} \
		--pid $${DJANGO_GUNICORN_PID_FILE:-gunicorn.pid} \
		--logger-class reconnect.lib.logs.GunicornLogger \
		--access-logfile - --access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

# The image for self-hosters (Dockerfile), for real: builds it on a base made from Debian
# packages, runs its web server and worker against PostgreSQL on 127.0.0.1:5432, signs up,
# writes, imports, restarts both and finds it all again. Needs root (it may install
# docker.io and debootstrap, and start the Docker daemon); not part of `make test`.
container-test:
	tests/container/run.sh

# Load every page with 8 connections against gunicorn; writes docs/performance.md.
bench: $(STAMP)
	$(PY) -m tests.benchmarks.readiness
	$(PY) -m tests.benchmarks.pages

# PNGs of the main pages (desktop and phone) into docs/screenshots/; needs Chromium.
screenshots: $(STAMP)
	$(PY) -m tests.browser.screenshots

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
