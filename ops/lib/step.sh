# Sourced by ops/test.sh and ops/test-fast.sh: runs one named check and says how long it took.
step() {
  local name="$1"; shift
  local t0=$SECONDS
  echo "=== $name"
  "$@"
  echo "=== $name: ok ($((SECONDS - t0)) s)"
}
