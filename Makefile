# Verified Notes: Neural Network Training
#
#   make serve   build the site and serve it on http://127.0.0.1:8000 with live reload
#   make test    run every snippet, check every page, build the site strictly (what CI runs)
#
# The snippets run in a pool of worker processes (snippetkit.engine.pool): JOBS=N sets how many
# (default: the CPUs, capped by free memory), SHARD=I/N keeps the I-th of N shards of equal time.
#
# Both create .venv on first use (Python 3 and make are all they need) and install the locked
# dependencies (uv.lock, one universal lock for Linux and macOS on Apple silicon); later runs
# reuse it, and reinstall only when uv.lock or pyproject.toml change.

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
TOOLS := .cache/tools
UV := $(TOOLS)/bin/uv
STAMP := $(VENV)/.installed-from-lock
EXTRAS ?= --extra docs --extra test --extra dev
PYTEST_ARGS ?=
JOBS ?=
SHARD ?=
NAMES ?=
BENCH_ARGS ?=
SNIPPET_FLAGS := $(if $(JOBS),--jobs $(JOBS)) $(if $(SHARD),--shard $(SHARD))
PYTEST_SNIPPET_FLAGS := $(if $(JOBS),--snippet-jobs $(JOBS)) $(if $(SHARD),--snippet-shard $(SHARD))
ADDR ?= 127.0.0.1:8000
SEED_OFFSETS ?= 2 3 4

export NO_MKDOCS_2_WARNING := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Precompile every installed module: where PYTHONDONTWRITEBYTECODE is set (as on CI here), Python
# would otherwise recompile TensorFlow's sources on every import (20+ s instead of ~7 s).
export UV_COMPILE_BYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help install serve test test-snippets test-rest test-seeds snippets mutants site site-zensical bench lint lock test-gpu linkcheck clean

help:
	@sed -n '3,4p' Makefile | sed 's/^# *//'
	@echo "  make site    static build into site/ (strict)"
	@echo "  make site-zensical  the same site built with Zensical into site-zensical/"
	@echo "  make snippets        run the snippets and cache their outputs (NAMES=..., JOBS=N, SHARD=I/N)"
	@echo "  make test-snippets   only the snippet tests (SHARD=I/N: one shard, as CI's matrix)"
	@echo "  make test-rest       every test but the snippet tests (CI, after the shards)"
	@echo "  make bench   engine and build timings (BENCH_ARGS=--sample 10 for a quick one)"
	@echo "  make lint    ruff, and zizmor on the GitHub workflows"
	@echo "  make test-seeds  every snippet again with seed offsets $(SEED_OFFSETS)"
	@echo "  make mutants  every exercise's mutants against its record in tests/mutants/ (WRITE=1 rewrites them)"
	@echo "  make linkcheck   the site's links to other sites (needs network)"

# uv itself lives in its own small venv, so that syncing .venv never removes it.
$(UV):
	@command -v $(PYTHON) >/dev/null || { echo "make: '$(PYTHON)' not found: install Python 3 (or run make PYTHON=/path/to/python3)"; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): uv.lock pyproject.toml | $(UV)
	@echo "Installing the locked dependencies into $(VENV) (the first time takes a few minutes: TensorFlow is ~600 MB)"
	$(UV) sync --locked $(EXTRAS)
	@touch $@

install: $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr $(ADDR) --livereload

site: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

# Zensical ignores MkDocs hooks and plugins: snippetkit.publish.site runs the pre-build step, then Zensical
# on a generated docs folder (downloads, figures, notebook pages as markdown).
site-zensical: $(STAMP)
	$(VENV)/bin/python -m snippetkit.publish.site zensical

# Every run ends with the suite's time by phase (snippetkit/devtools/suite_profile.py).
test: $(STAMP)
	$(VENV)/bin/python -m pytest --codeblocks tests README.md CONTRIBUTING.md docs -p snippetkit.devtools.suite_profile \
		$(PYTEST_SNIPPET_FLAGS) $(PYTEST_ARGS)

test-snippets: $(STAMP)
	$(VENV)/bin/python -m pytest tests/test_snippets.py $(PYTEST_SNIPPET_FLAGS) $(PYTEST_ARGS)

test-rest: $(STAMP)
	$(VENV)/bin/python -m pytest --codeblocks tests README.md CONTRIBUTING.md docs \
		--ignore tests/test_snippets.py $(PYTEST_ARGS)

snippets: $(STAMP)
	$(VENV)/bin/snippets --cache $(SNIPPET_FLAGS) $(NAMES)

# Every mutant of every exercise's solution (snippetkit/mutants.py, cosmic-ray) run in the worker pool;
# fails on a stale or wrong record in tests/mutants/ or a score below the bar. WRITE=1 rewrites the records
# from the run (NAMES=chapter/ex_name ... for some exercises only). make test re-runs only stale ones.
mutants: $(STAMP)
	$(VENV)/bin/python -m snippetkit.devtools.mutants $(if $(WRITE),--write) $(if $(JOBS),--jobs $(JOBS)) $(NAMES)

# zizmor's offline audits with the auditor persona (the strictest); CI adds the online ones.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/zizmor --offline --persona=auditor .

bench: $(STAMP)
	$(VENV)/bin/python -m snippetkit.devtools.bench $(BENCH_ARGS)

# The claims of every snippet must hold for other seeds too (make test runs offsets 0 and 1): every
# snippet once per offset, all in one pool (one TensorFlow import per worker, longest first).
test-seeds: $(STAMP)
	$(VENV)/bin/snippets --seed-offset $(shell echo $(SEED_OFFSETS) | tr ' ' ',') $(SNIPPET_FLAGS)

# External links (internal ones already fail the strict build); needs network, never blocks CI.
linkcheck: site
	$(VENV)/bin/python -m snippetkit.devtools.linkcheck

# GPU machines (Linux): the whole suite with TensorFlow's CUDA libraries; fails unless TF sees a GPU.
test-gpu:
	$(MAKE) test STAMP=$(VENV)/.installed-gpu EXTRAS="$(EXTRAS) --extra gpu" PYTEST_ARGS="--require-gpu $(PYTEST_ARGS)"

lock: | $(UV)
	$(UV) lock

clean:
	rm -rf site site-zensical .cache/snippets .cache/mkdocs-jupyter .cache/site-files .cache/zensical .cache/notebook-pages .cache/notebooks \
		.cache/highlight .cache/search-entries .cache/numbers .cache/pages
