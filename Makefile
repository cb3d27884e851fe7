# The single entry point: `make run` for a newcomer, `make test` for the whole suite.
# Both install what they need first, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

# Debian packages, in one place (scripts/system-packages installs the missing ones as root, or
# names the apt-get line). COMMAND:PACKAGE means "PACKAGE only when COMMAND is missing".
# Pango and fonts: WeasyPrint draws every PDF with them (make run needs only these).
RUN_DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# The server (and the Docker image) also: annex text (pdftotext) and Danish OCR of scanned annexes
# (ocrmypdf, tesseract-ocr-dan); Ghostscript and its sRGB profile (libgs-common) for the PDF/A-2b
# copies in the municipalities' packs. Keep each list on one line: the Dockerfile reads them.
SERVER_DEBIAN_PACKAGES := $(RUN_DEBIAN_PACKAGES) poppler-utils ocrmypdf tesseract-ocr-dan ghostscript libgs-common
# The tests and CI also: the browser tests, the load bench, Java for the Nu Html Checker, npm for
# the browser-side test tools, qpdf for checking every bundle of the annex corpus, nginx for
# running deploy/nginx.conf in front of the portal.
TEST_DEBIAN_PACKAGES := $(SERVER_DEBIAN_PACKAGES) chromium wrk java:default-jre-headless npm:npm qpdf nginx:nginx

.PHONY: run install test faults lint format ci bench clean system-run system-test node

# Development settings for this checkout (never used by the installed package or Docker image):
# a random SECRET_KEY and plain HTTP. Variables set in the environment take precedence.
.env:
	@printf '# Written by make for development on this machine; production sets the environment.\nSECRET_KEY=%s\nHTTPS=0\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed .env

system-run:
	@scripts/system-packages $(RUN_DEBIAN_PACKAGES)

system-test:
	@scripts/system-packages $(TEST_DEBIAN_PACKAGES)

# Browser-side test tools (axe-core, the Nu Html Checker, pdf.js): again when the lock file changes.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

node: node_modules/.installed

run: system-run install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddemo
	$(PY) manage.py rundev 127.0.0.1:8000

test: system-test node install
	@url=$$($(PY) -m kkr_portal.testdb) || exit 1; \
	DATABASE_URL="$$url" CELERY_BROKER_URL="$${TEST_BROKER_URL:-redis://127.0.0.1:6379/15}" \
		$(VENV)/bin/pytest $(PYTEST_ARGS)

faults: system-test install
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

bench: system-test install
	$(PY) bench/run.py

clean:
	rm -rf var .pytest_cache
