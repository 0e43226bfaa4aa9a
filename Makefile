# The commands a new user and CI need. Everything runs natively (no Docker engine needed); see README.md.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: install demo test lint check proto proto-check proto-release web bench clean-data hub-config link-down link-up

## install: Debian packages, nats-server 2.15 (into .tools/) and npm packages - only what is missing
install:
	@bash ops/install-deps.sh

## demo: start store s1 (gateway :8001) with a seeded menu; Ctrl-C stops everything
demo: install web
	@node --import tsx ops/stack/src/cli/demo.ts

## test: everything CI runs - lint, typecheck, contract checks, unit, integration and browser tests
test: install
	@bash ops/test.sh

lint:
	eslint --max-warnings 0 .

check:
	npm run check --workspaces --if-present

## proto: regenerate the TypeScript of the wire contracts after editing proto/**/*.proto
proto:
	cd proto && buf generate

proto-check:
	bash proto/check.sh

## proto-release: record the current contracts as what the fleet speaks (buf breaking compares against it)
proto-release:
	cd proto && buf build -o released/kiosk-events-v1.binpb

web:
	npm run build -w web/kiosk -w web/kitchen

## bench: the performance benchmarks; results in bench/results/*.json
bench: install web
	@node --import tsx bench/run.ts

## clean-data: forget the demo stores' databases and streams (.data/)
clean-data:
	rm -rf .data

## hub-config STORES=s1,s2 OUT=./hub HOST=central.example.com: render central's store accounts, leaf users and TLS for Docker Compose
hub-config:
	@node --import tsx ops/stack/src/cli/hub-config.ts

## link-down / link-up STORE=s1: sever / restore that demo store's leaf link to central, for real
link-down:
	@node --import tsx ops/stack/src/cli/link.ts down $(STORE)
link-up:
	@node --import tsx ops/stack/src/cli/link.ts up $(STORE)
