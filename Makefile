# Every target creates what it needs: `make report` and `make test` work on a machine
# that has only Python 3.11+ and make.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
RUN_ARGS ?=  # more options for media-bias run, e.g. RUN_ARGS="--input ~/corpus/"

## help: list the targets
.PHONY: help
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  make /'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## install: create .venv and install the project with its test tools
.PHONY: install
install: $(INSTALLED)

## report: run every notebook on the bundled sample into reports/sample/ (open its index.html)
.PHONY: report
report: $(INSTALLED)
	$(BIN)/media-bias run --name sample --replace $(RUN_ARGS)

## test: run the whole test suite as CI does: notebooks, the media-bias command, the browser
.PHONY: test
test: $(INSTALLED)
	$(BIN)/python -m pytest

## test-fast: run the unit tests and doctests only (no kernels, subprocesses or browser)
.PHONY: test-fast
test-fast: $(INSTALLED)
	$(BIN)/python -m pytest -m "not slow"

## test-lowest: the fast tests and one full run with every dependency at its lowest version (.venv-lowest)
.PHONY: test-lowest
test-lowest:
	rm -rf .venv-lowest
	$(PYTHON) -m venv .venv-lowest
	.venv-lowest/bin/python -m pip install --quiet --upgrade pip
	$(PYTHON) scripts/lowest_requirements.py --plain > .venv-lowest/requirements.txt
	.venv-lowest/bin/python -m pip install --quiet -r .venv-lowest/requirements.txt
	.venv-lowest/bin/python -m pip install --quiet --no-deps -e .
	.venv-lowest/bin/python -m pytest -m "not slow" -p no:cacheprovider
	.venv-lowest/bin/python -m pytest -p no:cacheprovider \
		tests/app/test_runner.py::test_run_on_the_sample_writes_every_promised_file

## lint: check style with ruff
.PHONY: lint
lint: $(INSTALLED)
	$(BIN)/ruff check analysis tests benchmarks notebooks scripts
	$(BIN)/ruff format --check analysis tests benchmarks scripts

## benchmark: time loading and splitting on a generated corpus of 10,000 articles
.PHONY: benchmark
benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/bench_loading.py

## benchmark-sentiment: time sentiment scoring of 200,000 sentences against the plain loop
.PHONY: benchmark-sentiment
benchmark-sentiment: $(INSTALLED)
	$(BIN)/python benchmarks/bench_sentiment.py

## benchmark-framing: time the framing steps on 10,000 articles against TextBlob scoring
.PHONY: benchmark-framing
benchmark-framing: $(INSTALLED)
	$(BIN)/python benchmarks/bench_framing.py

## benchmark-splitters: measure the sentence splitter against library candidates on the gold set
.PHONY: benchmark-splitters
benchmark-splitters: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/sentence_splitters.py

## benchmark-calibration: distinctive terms on generated corpora: nothing planted, and planted words
.PHONY: benchmark-calibration
benchmark-calibration: $(INSTALLED)
	$(BIN)/python benchmarks/bench_calibration.py

## benchmark-separability: the classifier's AUC, interval and permutation test under the null and with planted words
.PHONY: benchmark-separability
benchmark-separability: $(INSTALLED)
	$(BIN)/python benchmarks/bench_separability.py

## benchmark-editorial: how well the ranking of reporting that reads like commentary finds planted unmarked commentary
.PHONY: benchmark-editorial
benchmark-editorial: $(INSTALLED)
	$(BIN)/python benchmarks/bench_editorial.py

## opinion-model: train the opinion model on data/newssd-eng and write its weights (CHECK=1: compare only)
.PHONY: opinion-model
opinion-model: $(INSTALLED)
	$(BIN)/python -m analysis.modeling.opinion_training $(if $(CHECK),--check,)

## benchmark-scale: media-bias run on 1,000 and 10,000 generated articles (SCALE_ARGS='--articles 10000 100000'): time, peak memory, report size
.PHONY: benchmark-scale
benchmark-scale: $(INSTALLED)
	$(BIN)/python benchmarks/bench_scale.py $(SCALE_ARGS)

## benchmark-parts: loading and scoring 2,700 generated articles, one process against two workers
.PHONY: benchmark-parts
benchmark-parts: $(INSTALLED)
	$(BIN)/python benchmarks/bench_parts.py $(PARTS_ARGS)

## benchmark-terms-page: terms.html of about 56,500 paragraphs: its size and the time chromium takes to open it
.PHONY: benchmark-terms-page
benchmark-terms-page: $(INSTALLED)
	$(BIN)/python benchmarks/bench_terms_page.py

## benchmark-runner: time media-bias run on the sample against papermill by hand
.PHONY: benchmark-runner
benchmark-runner: $(INSTALLED)
	$(BIN)/python benchmarks/bench_runner.py

## clean: remove the virtual environments and reports/ (your own reports too, unless written elsewhere)
.PHONY: clean
clean:
	rm -rf $(VENV) .venv-lowest reports .pytest_cache
