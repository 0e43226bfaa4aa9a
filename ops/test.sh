#!/usr/bin/env bash
# `make test`: every check CI runs, in order of cost, each timed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

# shellcheck source=lib/step.sh
source ops/lib/step.sh

step "lint" eslint --max-warnings 0 .
step "schema and migrations agree (drizzle-kit)" node --import tsx ops/stack/src/cli/schema-drift.ts
step "typecheck" npm run check --workspaces --if-present
step "contracts (buf lint, generated code, buf breaking)" bash proto/check.sh
step "web unit tests (vitest)" npm test -w web/kiosk -w web/kitchen -w web/admin --if-present
step "unit, integration and browser tests (mocha, real servers)" mocha
