# The two commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test serve bench screenshots format migrate messages messages-extract clean

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
	@$(PY) -m reconnect.catalogues

migrate: $(STAMP) messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_advice

run: migrate
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

# Production-style: DEBUG off, static files collected, gunicorn with 2 sync workers.
# Needs DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) and DJANGO_ALLOWED_HOSTS (see README, "Configuration").
# The access log leaves out query strings (a search in one's journal is private too), and
# its logger class hides the calendar feed's secret address (reconnect/logs.py).
serve: $(STAMP) messages
	@test -n "$$DJANGO_SECRET_KEY$$DJANGO_SECRET_KEY_FILE" || { echo "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is not set: see README, Configuration."; exit 1; }
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn reconnect.wsgi --workers 2 --bind $${BIND:-127.0.0.1:8000} \
		--logger-class reconnect.logs.GunicornLogger \
		--access-logfile - --access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

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
