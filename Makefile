# The single entry point: `make run` for a newcomer, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run install test faults lint format ci bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddemo
	$(PY) manage.py rundev 127.0.0.1:8000

test: install
	@url=$$($(PY) -m kkr_portal.testdb) || exit 1; \
	DATABASE_URL="$$url" CELERY_BROKER_URL="$${TEST_BROKER_URL:-redis://127.0.0.1:6379/15}" \
		$(VENV)/bin/pytest $(PYTEST_ARGS)

faults: install
	@url=$$($(PY) -m kkr_portal.testdb) || exit 1; \
	DATABASE_URL="$$url" $(VENV)/bin/pytest -m faults tests/faults $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

ci: lint test

bench: install
	$(PY) bench/run.py

clean:
	rm -rf var .pytest_cache
