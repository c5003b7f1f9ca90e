# Targets mirror CI: what passes here passes in .ci/run.

CARGO ?= cargo
export TRADESEAL_CORPUS_DIR ?= $(abspath ../shared/corpus)

.PHONY: run test test-all fmt fmt-check clippy openapi openapi-check samples build release bench

## Run every service in one process on SQLite with the in-process cache (data in ./data).
run:
	$(CARGO) run --locked -p tradeseal -- serve

## Run the test suite. The PostgreSQL and Redis tier runs when reachable and is required with CI=true.
test:
	$(CARGO) build --locked -p tradeseal
	$(CARGO) test --locked --workspace --no-fail-fast

## Formatting, lints, then tests, as CI runs them.
test-all: fmt-check clippy test

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings

## Regenerate openapi/tradeseal.json after an API change.
openapi:
	UPDATE_OPENAPI=1 $(CARGO) test --locked -p tradeseal --test openapi

openapi-check:
	$(CARGO) test --locked -p tradeseal --test openapi

## Write the sample certificate of origin and invoice into ./samples.
samples:
	$(CARGO) run --locked -p tradeseal -- samples --out samples

build:
	$(CARGO) build --locked -p tradeseal

release:
	$(CARGO) build --locked --release -p tradeseal

bench:
	$(CARGO) bench --locked --workspace
