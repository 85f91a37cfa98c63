# nianbao — `make help` lists the targets. Configuration: NIANBAO_* environment variables (see README).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NIANBAO := $(BIN)/nianbao

.PHONY: help install warehouse test crawl rebuild load models data-tests sql export report docs accuracy bench \
        bench-national lint typecheck check demo clean system-deps

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install nianbao with its dev tools (done once, by every target)

warehouse: $(STAMP) ## the main job: serve the demo portals, crawl, parse, dedupe, load, build models, test
	$(NIANBAO) warehouse

test: $(STAMP) ## run the test suite
	$(BIN)/pytest -n 2 --dist loadfile

crawl: $(STAMP) ## crawl (the demo without a registry); options in ARGS, e.g. ARGS="--portal x --years 2019-2025"
	$(NIANBAO) crawl $(ARGS)

rebuild: $(STAMP) ## rebuild staging from the raw archive alone (no network), then load and build
	$(NIANBAO) rebuild
	$(NIANBAO) load
	$(NIANBAO) models

load: $(STAMP) ## load finished staging runs into data/warehouse.duckdb
	$(NIANBAO) load

models: $(STAMP) ## build the SQL models (write-audit-publish)
	$(NIANBAO) models

data-tests: $(STAMP) ## run the SQL data tests on the published warehouse
	$(NIANBAO) data-tests

sql: $(STAMP) ## open Harlequin, an interactive SQL editor, on the warehouse (read-only)
	$(NIANBAO) sql

export: $(STAMP) ## export the marts to data/exports as Parquet and CSV, partitioned by year
	$(NIANBAO) export

report: $(STAMP) ## the warehouse as one self-contained page of charts: data/report/index.html
	$(NIANBAO) report

docs: $(STAMP) ## generate model docs into data/docs
	$(NIANBAO) docs

accuracy: $(STAMP) ## parser field-level accuracy over the labelled corpus
	$(NIANBAO) accuracy

bench: $(STAMP) ## benchmarks: ratios against the engines' own fastest paths, into data/bench/latest.json
	$(NIANBAO) bench

bench-national: $(STAMP) ## the whole path at 10k/30k/100k synthetic reports (NIANBAO_NATIONAL_SIZES), star query, extrapolation; not in CI
	$(BIN)/python -m benchmarks.national.run

demo: $(STAMP) ## serve the demo portals on loopback until Ctrl-C
	$(NIANBAO) demo

SYSTEM_PACKAGES := libreoffice-writer-nogui chromium fonts-noto-cjk redis-server
system-deps: ## install the optional Debian packages: LibreOffice (RTF/WPS), Chromium and CJK fonts (report test), redis-server (distributed crawl)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "system packages present"; else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $$missing; fi

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check crawler staging warehouse demo nianbao tests benchmarks
	$(BIN)/ruff format --check crawler staging warehouse demo nianbao tests benchmarks

typecheck: $(STAMP) ## mypy
	$(BIN)/mypy crawler staging warehouse demo nianbao benchmarks

check: lint typecheck test ## lint, typecheck and test

clean: ## remove data/ outputs (never tests/fixtures)
	rm -rf data
