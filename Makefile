# Hip course: build, serve and test the book.
#
# Every target is idempotent: it creates .venv from the ONE lock file
# (.binder/requirements.txt, also used by Binder) and the vendored JavaScript
# (assets/vendor/package-lock.json) when they are missing or out of date.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
REQ := .binder/requirements.txt
DEPS_STAMP := $(VENV)/.deps-installed
NPM_STAMP := assets/vendor/node_modules/.deps-installed
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# Strict build: warnings are errors, nitpicky references, report all problems at once.
JB_BUILD := $(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going

.PHONY: setup book book-clean serve site-report chromium test-book test-browser test-binder clean-book

setup: $(DEPS_STAMP) $(NPM_STAMP)

$(DEPS_STAMP): $(REQ) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(REQ)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(NPM_STAMP): assets/vendor/package.json assets/vendor/package-lock.json
	cd assets/vendor && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

## book: strict build of the website into _build/html (execution cached; the cache is
## cleared automatically when widgets/ changes, see book/_ext/offline_assets.py)
book: setup
	$(JB_BUILD)

## book-clean: the same from scratch (no _build, no execution cache)
book-clean: setup
	rm -rf _build
	$(JB_BUILD)

## serve: build, then serve _build/html on $(HOST):$(PORT) (Ctrl-C stops)
serve: book
	@echo "Serving the course at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind $(HOST) --directory _build/html $(PORT)

## site-report: clean build time, cached rebuild time, bytes per page (fails if a target is missed)
site-report: setup
	$(BIN)/python book/_ext/site_report.py

## chromium: Debian's Chromium for the browser tests (never `playwright install`)
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian chromium (needs root and the Debian mirror)"; \
	  apt-get update && apt-get install -y chromium; \
	fi
	@$(CHROMIUM) --version

## test-book: strict build + every page shows the figures its source makes + offline check
##            + Binder check (fresh venv from .binder/requirements.txt, postBuild, run all notebooks)
test-book: setup
	$(BIN)/python -m pytest tests/book -q

## test-browser: every page in real Chromium (console, network, figures, interaction, axe)
test-browser: setup chromium
	$(BIN)/python -m pytest tests/browser -q

## test-binder: only the Binder check (also part of test-book)
test-binder: setup
	$(BIN)/python -m pytest tests/book/test_binder_env.py -q

clean-book:
	rm -rf _build

# ---------------------------------------------------------------- the hip model, all tests
.PHONY: test test-model bench export

## test-model: model unit, property, OpenSim-agreement and command-line tests
test-model: setup
	$(BIN)/python -m pytest tests/model -q

## test: EVERY test (README's test command; .ci/run calls it)
test: setup chromium
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

## bench: model speed, and OpenSim's on the same poses when the gait2392 file is next to the
##        repository (../shared/reference/opensim/); OpenSim lives in its own .venv-opensim
OSIM ?= ../shared/reference/opensim/gait2392_thelen2003muscle.osim
OPENSIM_VENV := .venv-opensim
bench: setup
	@if [ -f "$(OSIM)" ]; then \
	  test -x $(OPENSIM_VENV)/bin/python || $(PYTHON) -m venv $(OPENSIM_VENV); \
	  $(OPENSIM_VENV)/bin/python -m pip install --quiet opensim==4.6 $$(grep '^numpy==' $(REQ)) \
	    && PYTHONPATH="$(CURDIR)" $(OPENSIM_VENV)/bin/python -m widgets bench --osim "$(OSIM)" \
	    || $(BIN)/python -m widgets bench --osim "$(OSIM)"; \
	else \
	  $(BIN)/python -m widgets bench --osim "$(OSIM)"; \
	fi

## export: an example table of the model's numbers
export: setup
	$(BIN)/python -m widgets export --out hip_table.csv --flexion -20:120:10 --knee 0,90

# ------------------------------------------------------------------- the femur explorer
.PHONY: test-explorer bench-explorer

## test-explorer: femur explorer (geometry, static page data + script under node, live
##                explorer robustness, notebook via nbval, static page in real Chromium)
test-explorer: setup chromium
	$(BIN)/python -m pytest tests/explorer -q -p no:cacheprovider

## bench-explorer: live explorer update time (control change -> figures + readouts
##                 updated); the static page (built first) in Chromium: control change ->
##                 figures + readouts, median/p95, against a bare Plotly.restyle of the same
##                 figure in the same run; page weight. Prints figures (not a pass/fail test)
bench-explorer: setup chromium book
	$(BIN)/python -m widgets.bench_explorer

# ------------------------------------------------------------------ classroom assignments
.PHONY: assignments grade test-assignments

## assignments: for every notebooks/assignments/<name>.ipynb (otter-grader format), the student
##              notebook, autograder.zip and instructor notebook in _build/assignments/<name>/
assignments: setup
	$(BIN)/python -m widgets assignments build

## grade: grade every submission in SUBMISSIONS=DIR (prints a table; OUT=DIR also writes
##        grades.csv and the written answers with their rubrics)
grade: setup
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=DIR [OUT=DIR]" >&2; exit 2; }
	$(BIN)/python -m widgets assignments grade --submissions "$(SUBMISSIONS)" $(if $(OUT),--out "$(OUT)")

## test-assignments: build every assignment and grade a handful of test submissions
test-assignments: setup
	$(BIN)/python -m pytest tests/assignments -q -p no:cacheprovider
