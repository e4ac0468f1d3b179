# The two set-up commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_PROCESSES ?= 2

.PHONY: run test faults check-production install messages makemessages lint check-migrations bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Compile the fi/sv/en catalogues (Debian's gettext provides msgfmt).
messages: install
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=var -v0

# Refresh the catalogues after changing UI strings; then translate the new entries.
makemessages: install
	$(PY) manage.py makemessages -l fi -l sv -l en --ignore=$(VENV) --ignore=var --ignore=tests --ignore=bench --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l fi -l sv -l en --ignore=$(VENV) --ignore=var --ignore=staticfiles --no-obsolete

# The portal with demo data, a real Celery worker (with beat) and the web server.
# Defaults: SQLite in var/ and kombu's filesystem broker; set DATABASE_URL/CELERY_BROKER_URL to change.
run: messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 HOST=$(HOST) PORT=$(PORT) scripts/run-dev

# The whole suite: unit, integration, worker and browser tests (installs Chromium when it can).
test: messages
	scripts/ensure-test-deps
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

# The fault runs (bench/faults.py: worker killed, broker down, PostgreSQL restarted, poison and
# storage errors) on a private PostgreSQL cluster and redis-server of their own; ~10 minutes.
faults: messages
	$(PY) -m pytest -m faults -s tests/faults $(PYTEST_ARGS)

# The production image's build steps and serving, without Docker (scripts/check-production).
check-production: messages
	scripts/check-production

# ruff, then the import contracts of the layers (.importlinter; README "Layers").
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

bench: messages
	$(PY) bench/report.py

clean:
	rm -rf var/broker var/test-db.sqlite3 .pytest_cache
