PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := search tui tests bench screenshots tools

.PHONY: run test check test-fast lint format install bench screenshots gold clean

# The sources compiled with mypyc (pyproject.toml): an edit builds them again.
COMPILED := $(shell $(PYTHON) tests/compiled_sources.py)

$(STAMP): pyproject.toml $(COMPILED)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

## Install and launch the app on the bundled seed articles.
run: $(STAMP)
	$(BIN)/tradetui

## Install, check (format, lint, types, import contracts, complexity) and run the whole test suite.
check: lint test

## Format, lint, types, import contracts and the complexity ratchet, without the tests.
lint: $(STAMP)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/complexity_ratchet.py

## The whole test suite, on every core.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

## The unit layer alone: the headless core, no app, no terminal.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n auto tests/unit

## Rewrite the sources in the project's format.
format: $(STAMP)
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py --sizes 1000,10000 --text-only

gold: $(STAMP)
	$(BIN)/python bench/eval_entities.py
	$(BIN)/python bench/eval_dates.py
	$(BIN)/python bench/eval_quotes.py
	$(BIN)/python bench/eval_names.py --split tune

screenshots: $(STAMP)
	$(BIN)/python screenshots/make_screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info
