#!/usr/bin/env bash
# `make test-fast`: the tier to iterate with. Lint and the type checks keep caches between runs (under
# node_modules/.cache, so a clean clone starts cold); the unit specs (test/unit/ of every workspace) run
# without servers: the testbed refuses to start when KIOSK_UNIT_ONLY is set, so a spec that needs one fails
# here instead of quietly slowing the tier down. Everything here runs again in `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
cache="$PWD/node_modules/.cache/kiosk"
mkdir -p "$cache"

# shellcheck source=lib/step.sh
source ops/lib/step.sh

typecheck() {
  # One tsc per workspace, two at a time (the machine has two cores), each with an incremental build info file.
  local dirs=() d
  for d in proto services/* web/* ops/stack bench; do [ -f "$d/tsconfig.json" ] && dirs+=("$d"); done
  printf '%s\n' "${dirs[@]}" | xargs -P 2 -I{} bash -c '
    d={}; name=${d//\//_}
    if [ -f "$d/vite.config.ts" ]; then vue-tsc --noEmit -p "$d/tsconfig.json"
    else tsc --noEmit -p "$d/tsconfig.json" --incremental --tsBuildInfoFile "'"$cache"'/$name.tsbuildinfo"; fi' 
}

step "lint" eslint --max-warnings 0 --cache --cache-location "$cache/eslint" .
step "schema and migrations agree (drizzle-kit)" node --import tsx ops/stack/src/cli/schema-drift.ts
step "typecheck" typecheck
step "unit specs (no servers)" env KIOSK_UNIT_ONLY=1 SPEC='proto/test/unit/**/*.spec.ts services/*/test/unit/**/*.spec.ts ops/stack/test/unit/**/*.spec.ts bench/test/unit/**/*.spec.ts' mocha
step "web unit tests (vitest)" npm test -w web/kiosk -w web/kitchen -w web/admin --if-present
