# Scaling Laws, Recomputed: the whole user interface. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?= 2
CHAPTERS := $(sort $(wildcard chapters/*.ipynb))
# The kernel's stderr "running over TCP" notice is not ours; keep logs readable.
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv book execute html singlehtml test lint run bench lock clean vendor-mathjax vendor-fontawesome

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'
	@echo "  make run CHAPTER=04 ARGS='-p hardware H200'   rerun one chapter with parameters"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP) ## create .venv from the lock file (automatic for the other targets)

execute: $(STAMP) ## execute every chapter in place with its defaults (papermill, 2 processes)
	@printf '%s\n' $(CHAPTERS) | xargs -P $(JOBS) -n 1 $(PY) -m llmscale.nbtools execute

html: $(STAMP) ## render the committed notebooks to _build/html (no execution)
	$(VENV)/bin/jupyter-book build . -W -n --keep-going

singlehtml: $(STAMP) ## the whole book as one printable HTML page in _build/singlehtml
	$(VENV)/bin/jupyter-book build . --builder singlehtml -W -n --keep-going
	@echo "single page: _build/singlehtml/intro.html"

book: execute html ## execute every chapter, then build the HTML book into _build/html
	@echo "book: _build/html/index.html"

lint: $(STAMP) ## ruff on the library, tests, benchmarks and notebooks
	$(VENV)/bin/ruff check .

test: $(STAMP) ## everything CI checks: ruff, library, data, nbval, scenarios, bad input, book build, browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n $(JOBS) --dist loadscope --nbval chapters tests --nbval-sanitize-with tests/sanitize.cfg

run: $(STAMP) ## rerun a chapter: make run CHAPTER=04 ARGS='-p hardware H200' (or SCENARIO=scenarios/04/x.yaml; V=1 tracebacks; CHECK=1 check only)
	@$(PY) -m llmscale.rerun $(CHAPTER) $(if $(SCENARIO),--scenario $(SCENARIO)) $(if $(V),--debug) $(if $(CHECK),--check) $(ARGS)

bench: $(STAMP) ## run benchmarks/ and print the table
	$(PY) benchmarks/run_all.py

lock: ## regenerate requirements.lock from requirements.in (needs the registry)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip-compile --quiet --strip-extras --allow-unsafe --no-header --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock requirements.in
	@# Drop jsonschema's optional RFC 3987 URI checker (pulled in by jupyter-events' format-nongpl extra): it builds
	@# a Lark grammar on import, 1.3 s for every process that imports nbformat, and nothing here validates URIs.
	$(PY) -c "import re,pathlib; p=pathlib.Path('requirements.lock'); \
		p.write_text(re.sub(r'(?m)^(lark|rfc3987-syntax)==.*\n(    #.*\n)*', '', p.read_text()))"

MATHJAX_FILES := startup.js core.js input/tex-base.js input/tex/extensions/ams.js \
	input/tex/extensions/noundefined.js output/chtml.js output/chtml/fonts/tex.js a11y/assistive-mml.js
vendor-mathjax: ## refresh the vendored MathJax 3 components (npm registry) under _vendor/mathjax
	tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent mathjax@3.2.2 >/dev/null && tar xzf mathjax-3.2.2.tgz) && \
	rm -rf _vendor/mathjax/*.js _vendor/mathjax/input _vendor/mathjax/output _vendor/mathjax/a11y && \
	for f in $(MATHJAX_FILES); do mkdir -p _vendor/mathjax/$$(dirname $$f) && cp $$tmp/package/es5/$$f _vendor/mathjax/$$f; done && \
	cp -r $$tmp/package/es5/output/chtml/fonts/woff-v2 _vendor/mathjax/output/chtml/fonts/ && rm -rf $$tmp

vendor-fontawesome: ## refresh the Font Awesome subset (npm registry) that replaces the theme's fontawesome.js
	tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent @fortawesome/fontawesome-free@6.5.2 >/dev/null && \
	tar xzf fortawesome-fontawesome-free-6.5.2.tgz) && $(PY) tools/vendor_fontawesome.py $$tmp/package && rm -rf $$tmp

clean: ## remove build outputs (keeps .venv)
	rm -rf _build .pytest_cache .ruff_cache
