# The two commands of the README: `make serve` and `make test`. Both work on a fresh clone:
# they create .venv and install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve build bench test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Build the store from data/reports if there is none, and serve it on 127.0.0.1:8000.
serve: $(STAMP)
	$(BIN)/fiscal-kg serve

build: $(STAMP)
	$(BIN)/fiscal-kg build

bench: $(STAMP)
	$(BIN)/python bench/bench_sparql.py

test: $(STAMP)
	$(BIN)/ruff check server tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data/build
