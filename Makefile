# The commands a new user and CI need. Everything runs natively (no Docker engine needed); see README.md.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: install demo test test-fast test-compose lint check proto proto-check proto-release web bench bench-table bench-powercut bench-fleet bench-boot bench-memory bench-chaos bench-offline-day clean-data hub-config link-down link-up backup backup-info restore streams-backup streams-restore store-backup store-restore replace-store

## install: Debian packages, nats-server 2.15 (into .tools/) and npm packages - only what is missing
install:
	@bash ops/install-deps.sh

## demo: start store s1 (gateway :8001) with a seeded menu; Ctrl-C stops everything
demo: install web
	@node --import tsx ops/stack/src/cli/demo.ts

## test: everything CI runs - lint, typecheck, contract checks, unit, integration and browser tests
test: install
	@bash ops/test.sh

## test-fast: the tier to iterate with (about a minute): lint and types (cached between runs) and the unit specs (test/unit/, no servers)
test-fast:
	@bash ops/test-fast.sh

## lint: eslint, and the schema check (each service's Drizzle schema against its committed migrations, docs/decisions/0011)
lint:
	eslint --max-warnings 0 .
	node --import tsx ops/stack/src/cli/schema-drift.ts

check:
	npm run check --workspaces --if-present

## proto: regenerate the TypeScript of the wire contracts after editing proto/**/*.proto
proto:
	cd proto && PATH="$$PWD/node_modules/.bin:$$PATH" buf generate

proto-check:
	bash proto/check.sh

## proto-release: record the current contracts as what the fleet speaks (buf breaking compares against it)
proto-release:
	cd proto && buf build -o released/kiosk-events-v1.binpb

web:
	npm run build -w web/kiosk -w web/kitchen -w web/admin

## bench: the performance benchmarks; results in bench/results/*.json
bench: install web
	@node --import tsx bench/run.ts
	@node --import tsx bench/readme-table.ts >/dev/null

## bench-table: rewrite the README's benchmark table from bench/results/*.json
bench-table:
	@node --import tsx bench/readme-table.ts

## bench-powercut: 20 real power cuts of a store box (FUSE, needs root) plus the mutation runs; bench/results/powercut.json
bench-powercut: install
	@BENCH_ONLY=powercut node --import tsx bench/run.ts

## bench-fleet: 100 stores x 1,000 offline orders, every link back at once, 1/2/4 ingest replicas; bench/results/fleet.json + fleet-drain.svg
bench-fleet: install
	@BENCH_ONLY=fleet node --import tsx bench/run.ts

## bench-memory: the store's five Node processes after 10,000 orders, one process each and all in one (services/box); bench/results/memory.json
bench-memory: install
	@BENCH_ONLY=memory node --import tsx bench/run.ts
	@node --import tsx bench/readme-table.ts >/dev/null

## bench-boot: a store box with central down, killed (SIGKILL) and started 12 times: power back -> first accepted order; bench/results/boot.json
bench-boot: install
	@BENCH_ONLY=boot node --import tsx bench/run.ts
	@node --import tsx bench/readme-table.ts >/dev/null

## bench-offline-day: the offline-day scenario with a busy store's whole day, 10,000 orders (make test runs 2,000)
bench-offline-day: install
	@OFFLINE_DAY_ORDERS=10000 SPEC=ops/stack/test/scenario-offline-day.spec.ts mocha

## bench-chaos: the central chaos and lossy-link scenario, five rounds of every fault (make test runs one)
bench-chaos: install
	@CHAOS_ROUNDS=5 SPEC=ops/stack/test/scenario-central-chaos.spec.ts mocha

## clean-data: forget the demo stores' databases and streams (.data/)
clean-data:
	rm -rf .data

## hub-config STORES=s1,s2 OUT=./hub-config HOST=central.example.com: render central's store accounts, leaf users (bcrypt), TLS and secrets for Docker Compose (OUT is git- and docker-ignored); DATABASE_URL=<central Postgres> adds the stores table, HUB_NATS_URL=<hub> applies it live
hub-config:
	@node --import tsx ops/stack/src/cli/hub-config.ts

## link-down / link-up STORE=s1: sever / restore that demo store's leaf link to central, for real
link-down:
	@node --import tsx ops/stack/src/cli/link.ts down $(STORE)
link-up:
	@node --import tsx ops/stack/src/cli/link.ts up $(STORE)

## backup [TYPE=full|diff|incr]: a backup of the demo's central Postgres now (the demo must be running)
backup:
	@node --import tsx ops/stack/src/cli/backup.ts backup $(TYPE)
backup-info:
	@node --import tsx ops/stack/src/cli/backup.ts info
## restore TARGET_TIME='2026-11-26 15:04:05+00': the demo's central Postgres back to that moment (stop the demo first)
restore:
	@node --import tsx ops/stack/src/cli/backup.ts restore "$(TARGET_TIME)"
## streams-backup [DIR=...] / streams-restore DIR=...: snapshots of the demo hub's streams, and their restore
streams-backup:
	@node --import tsx ops/stack/src/cli/streams-backup.ts backup $(DIR)
streams-restore:
	@node --import tsx ops/stack/src/cli/streams-backup.ts restore "$(DIR)"
## store-backup STORE=s1 / store-restore STORE=s1 [FILE=...]: a demo store's database to/from its backup folder
store-backup:
	@node --import tsx ops/stack/src/cli/store-backup.ts backup $(STORE)
store-restore:
	@node --import tsx ops/stack/src/cli/store-backup.ts restore $(STORE) $(FILE)
## replace-store: the demo with STORE's box replaced: its data wiped, menu, settings and numbering from central (docs/runbook.md)
replace-store:
	@test -n "$(STORE)" || { echo 'usage: make replace-store STORE=s1'; exit 2; }
	@$(MAKE) --no-print-directory install web
	@DEMO_REPLACE_STORE=$(STORE) node --import tsx ops/stack/src/cli/demo.ts

## test-compose: central and two store boxes with Docker Compose on a private engine, images built from Debian packages, proven end to end (root; not part of `make test`)
test-compose:
	@bash ops/stack/compose-test/run.sh
