# The two commands a newcomer needs:  make run  |  make test
SHELL := /bin/bash
PORT ?= 8000
# `make test` runs the tests on every core (pytest-xdist, one test database per worker; an idle worker takes over
# half of a busy one's queue, ADR 0112); TEST_WORKERS=0 runs them in one process, TEST_WORKERS=2 on two.
TEST_WORKERS ?= auto
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
LOCAL_PG_URL := postgres://postgres@127.0.0.1:5432/lotse

.PHONY: run test assets browser reference-data

run: $(VENV)/.installed-run assets
	@export DEBUG=$${DEBUG:-1}; export LOTSE_SITE_URL=$${LOTSE_SITE_URL:-http://127.0.0.1:$(PORT)}; set -e; \
	$(PY) -m lotse.cli migrate --noinput; \
	$(MAKE) --no-print-directory reference-data; \
	$(PY) -m lotse.cli load-demo; \
	$(PY) -m lotse.cli load-demo-cases; \
	$(PY) -m lotse.cli load-demo-events; \
	$(PY) -m lotse.cli load-demo-communication; \
	$(PY) -m lotse.cli reporting-fill --verbosity 0; \
	echo "Lotse läuft auf http://127.0.0.1:$(PORT)/  (Demo-Konten: siehe README.md)"; \
	exec $(PY) -m lotse.cli runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test assets browser
	@if [ -z "$$DATABASE_URL" ]; then \
	  if $(PY) -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then \
	    export DATABASE_URL=$(LOCAL_PG_URL); echo "Tests laufen gegen PostgreSQL auf 127.0.0.1:5432"; \
	  else echo "Kein PostgreSQL gefunden: Tests laufen gegen SQLite, PostgreSQL-Tests werden übersprungen"; fi; \
	fi; \
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

# KERN UX and htmx from npm, copied into the static files. Without Node the pages stay legible (app.css).
assets:
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && \
	  mkdir -p lotse/static/vendor/kern lotse/static/vendor/htmx && \
	  cp node_modules/@kern-ux/native/dist/kern.min.css lotse/static/vendor/kern/ && \
	  cp -r node_modules/@kern-ux/native/dist/fonts/. lotse/static/vendor/kern/fonts/ && \
	  cp node_modules/htmx.org/dist/htmx.min.js lotse/static/vendor/htmx/; \
	else echo "npm fehlt: KERN-Stile werden nicht gebaut, die Seiten bleiben mit app.css lesbar."; fi

# Debian's Chromium for the browser tests (Playwright's own browser download does not work everywhere) and
# poppler-utils (pdftotext, pdftoppm) for the checks of the PDFs (tests/pdfs.py).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) \
	      || echo "Chromium konnte nicht installiert werden: Browser-Tests werden übersprungen"; \
	  else echo "Chromium fehlt und apt-get ist nicht nutzbar: Browser-Tests werden übersprungen"; fi; \
	fi

# The reviewed facts and the NRW places shipped in lotse/reference/data/ (no files from outside the repository).
# Fresh official Gemeinde/PLZ files: `lotse import-gemeinden --destatis FILE --plz FILE` (docs/data-sources.md).
reference-data:
	@$(PY) -m lotse.cli load-reference
