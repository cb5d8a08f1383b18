# Two commands matter: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-quick test-fast test-browser test-postgres lint bench install demo clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Backstory needs Python 3.11 or newer.")'
	@echo "Installing Backstory and what it needs into $(VENV)/ (about a minute)…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@# setuptools says "Editable installation" on every editable install: nothing to act on.
	@PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)
	@echo "Installed. The command is $(BIN)/backstory; to type plain 'backstory', put it on"
	@echo "your PATH:  export PATH=\"$(CURDIR)/$(BIN):\$$PATH\"   (or: source $(BIN)/activate)"

install: $(STAMP)

## Serve the app with demo data on http://127.0.0.1:8000 (prints a one-time sign-in link).
run: $(STAMP)
	@$(BIN)/backstory serve

## The whole suite (browser tests skip with a reason when Chromium is missing).
test: $(STAMP)
	$(BIN)/pytest -q

## The suite without the browser tests.
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not browser"

## A quick local run: no browser tests, no load runs that start gunicorn.
test-quick: $(STAMP)
	$(BIN)/pytest -q -m "not browser and not slow"

## Only the browser tests (Playwright driving /usr/bin/chromium).
test-browser: $(STAMP)
	$(BIN)/pytest -q -m browser

## The suite on PostgreSQL (DATABASE_URL defaults to the local server); with
## BACKSTORY_REDIS_URL set (a Redis database the tests may empty) the cache is Redis and
## the two-server test runs.
test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/backstory} $(BIN)/pytest -q -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check .

## The benchmark harness: synthetic workspaces of several sizes, timings and query counts.
bench: $(STAMP)
	$(BIN)/backstory bench

demo: $(STAMP)
	$(BIN)/backstory demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
