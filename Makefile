# The two commands of the README: `make serve` and `make test`. Both work on a fresh clone:
# they create .venv and install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve build bench test test-fast mutation clean

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
	$(BIN)/python bench/bench_pages.py

# Debian's Chromium (and a CJK font for readable screenshots) for the browser tests.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	$$sudo apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei

# Virtuoso Open Source 7.2 for the store tests (tests/web/virtuoso.py starts private ones on
# loopback): the server and its SQL client only, no system service.
VIRTUOSO := /usr/bin/virtuoso-t
$(VIRTUOSO):
	@if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	$$sudo apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		virtuoso-opensource-7-bin

# The tests that start no server process (snippets, the outline, the number reader, the query
# checks, pages through Flask's test client): seconds, for the edit-and-check loop.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m fast

test: $(STAMP) $(CHROMIUM) $(VIRTUOSO)
	$(BIN)/ruff check server tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Mutation testing of the query checks (server/fiscal_kg/sparql_text.py), the number reader
# (pipeline/numbers.py) and the outline (pipeline/sections.py) with the fast tests that cover
# them (MUTATION_TESTS; mutmut's settings in tests/mutation/setup.cfg); prints a score per module
# and fails under its threshold (tests/mutation/score.py). Not part of `make test` (about five
# minutes on two cores).
MUTATION := build/mutation
MUTATION_TESTS := tests/__init__.py tests/test_sparql_text.py tests/pipeline/__init__.py \
	tests/pipeline/test_numbers.py tests/pipeline/test_sections.py
mutation: $(STAMP)
	rm -rf $(MUTATION) && mkdir -p $(MUTATION)/src
	cp -r server/fiscal_kg $(MUTATION)/src/
	tar cf - $(MUTATION_TESTS) | tar xf - -C $(MUTATION)
	cp tests/mutation/setup.cfg $(MUTATION)/setup.cfg
	cd $(MUTATION) && FISCAL_KG_EXAMPLES=60 $(CURDIR)/$(BIN)/mutmut run > mutmut.log 2>&1 || \
		{ tail -c 2000 mutmut.log; exit 1; }
	cd $(MUTATION) && $(CURDIR)/$(BIN)/python $(CURDIR)/tests/mutation/score.py

clean:
	rm -rf $(VENV) data/build build
