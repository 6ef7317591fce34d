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

# Debian packages for the tests, each named by the file that shows it is installed: Chromium
# for the browser tests, a CJK font for their screenshots, Virtuoso Open Source 7.2 for the
# store tests (tests/web/virtuoso.py starts private ones on loopback: the server and its SQL
# client only, no system service). What is installed is not installed again; what is missing
# is installed with apt-get (as root, else through sudo), without recommended packages, after
# waiting up to APT_WAIT seconds for another install to finish: dpkg's lock through apt-get's
# DPkg::Lock::Timeout, the package lists' lock (which apt-get update does not wait for) by
# trying again.
CHROMIUM := /usr/bin/chromium
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
VIRTUOSO := /usr/bin/virtuoso-t
DEBIAN_PACKAGES := $(CHROMIUM)=chromium $(CJK_FONT)=fonts-wqy-microhei \
	$(VIRTUOSO)=virtuoso-opensource-7-bin
APT_WAIT ?= 600

$(CHROMIUM) $(CJK_FONT) $(VIRTUOSO):
	@missing=; for pair in $(DEBIAN_PACKAGES); do \
		[ -e "$${pair%%=*}" ] || missing="$$missing $${pair#*=}"; done; \
	[ -n "$$missing" ] || exit 0; \
	command -v apt-get >/dev/null || { \
		echo "make test needs the Debian packages$$missing: install them (no apt-get here)" >&2; \
		exit 1; }; \
	if [ "$$(id -u)" = 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else \
		echo "make test installs the Debian packages$$missing with apt-get: run it as root" \
			"or with sudo installed" >&2; exit 1; fi; \
	echo "installing the Debian packages$$missing with apt-get"; \
	log=$$(mktemp); waited=0; \
	until $$sudo apt-get -q update 2>"$$log"; do \
		if grep -q 'Could not get lock' "$$log" && [ "$$waited" -lt $(APT_WAIT) ]; then \
			echo "waiting for another apt-get to release the package lists"; \
			sleep 5; waited=$$((waited + 5)); \
		else cat "$$log" >&2; rm -f "$$log"; exit 1; fi; \
	done; \
	cat "$$log" >&2; rm -f "$$log"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=$(APT_WAIT) $$missing

# The tests that start no server process (snippets, the outline, the number reader, the query
# checks, pages through Flask's test client): seconds, for the edit-and-check loop.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m fast

test: $(STAMP) $(CHROMIUM) $(CJK_FONT) $(VIRTUOSO)
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
