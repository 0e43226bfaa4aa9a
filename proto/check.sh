#!/usr/bin/env bash
# Contract checks run by `make test`:
#  1. buf lint (STANDARD rules).
#  2. The generated TypeScript is what `buf generate` makes from the .proto files now (no hand edits, no drift).
#  3. buf breaking (wire + JSON compatibility) against main and against the released contract image
#     (released/kiosk-events-v1.binpb: what store boxes in the field speak; refresh it with `make proto-release`
#     only when a contract version ships to the fleet).
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PWD/node_modules/.bin:$PWD/../node_modules/.bin:$PATH"  # protoc-gen-es is pinned in proto/ (Node 20)

buf lint
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp -r . "$tmp/proto" 2>/dev/null || true
(cd "$tmp/proto" && rm -rf src/gen && buf generate)
if ! diff -r src/gen "$tmp/proto/src/gen" >/dev/null; then
  echo "proto: generated files are not up to date: run 'make proto' and commit src/gen" >&2
  diff -r src/gen "$tmp/proto/src/gen" | head -20 >&2
  exit 1
fi
buf breaking --against released/kiosk-events-v1.binpb
if git rev-parse -q --verify main >/dev/null && git cat-file -e main:proto/buf.yaml 2>/dev/null; then
  buf breaking --against "$(git rev-parse --show-toplevel)/.git#branch=main,subdir=proto"
fi
echo "proto: lint, generated code and breaking checks passed"
