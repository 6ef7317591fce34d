# The two commands of the README: `make serve` and `make test`. Both work on a fresh clone:
# they create .venv and install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve build test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Build the store from data/reports and print its summary.
serve: build

build: $(STAMP)
	$(BIN)/fiscal-kg build

test: $(STAMP)
	$(BIN)/ruff check server tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data/build
