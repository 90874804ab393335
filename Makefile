PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench screenshots gold clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Install and launch the app on the bundled seed articles.
run: $(STAMP)
	$(BIN)/tradetui

## Install and run the whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py --sizes 1000,10000 --text-only

gold: $(STAMP)
	$(BIN)/python bench/eval_entities.py
	$(BIN)/python bench/eval_dates.py

screenshots: $(STAMP)
	$(BIN)/python screenshots/make_screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info
