#!/usr/bin/env bash
# Installs what the native stack and its tests need on a Debian 12 machine, and nothing that is already there.
# - Debian packages: postgresql, redis-server, nginx, chromium (e2e tests), prometheus (promtool), pgbackrest
#   (central's backups), prometheus-alertmanager (alert notifications, amtool), and
#   Debian 12's nats-server 2.9 (only for the test that proves the services refuse a server that old).
# - nats-server >= 2.14: Debian 12 ships 2.9.10, which refuses `sync_interval: always`.
#   We fetch Debian sid's build with a private apt state (the system's sources are not touched; the mirror and
#   keyring are the machine's own) and unpack the static binary into .tools/nats-server/, pinned by
#   NATS_DEB_VERSION so CI and images run the same line.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$ROOT/.tools"
NATS_DEB_VERSION="${NATS_DEB_VERSION:-2.15.1-1}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

need=()
# Debian 12's own nats-server (2.9) is not what the stack runs: a test proves the services refuse it.
for pair in pg_ctl:postgresql redis-server:redis-server nginx:nginx chromium:chromium promtool:prometheus nats-server:nats-server pgbackrest:pgbackrest amtool:prometheus-alertmanager; do
  bin="${pair%%:*}"; pkg="${pair##*:}"
  if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$bin" ] && ! ls /usr/lib/postgresql/*/bin/"$bin" >/dev/null 2>&1; then
    need+=("$pkg")
  fi
done
# The power-cut tests' filesystem (ops/powercut-fs, compiled into .tools/ by the test harness): FUSE 3 and a compiler.
for pair in fusermount3:fuse3 pkg-config:pkg-config cc:gcc; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair##*:}")
done
[ -f /usr/include/fuse3/fuse.h ] || need+=(libfuse3-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts these as system services on install; the stack runs its own on free ports.
  for svc in nginx redis-server prometheus prometheus-alertmanager nats-server; do $SUDO service "$svc" stop >/dev/null 2>&1 || true; done
fi

NATS_BIN="$TOOLS/nats-server/nats-server"
if [ ! -x "$NATS_BIN" ] || ! "$NATS_BIN" --version | grep -q "v${NATS_DEB_VERSION%-*}"; then
  echo "install-deps: nats-server ${NATS_DEB_VERSION} from Debian sid into .tools/"
  # The machine's own Debian mirror and keyring (a box behind a local mirror or proxy installs too): only the
  # suite differs from what apt already uses here.
  bash "$ROOT/ops/docker/sid-binary.sh" nats-server "$NATS_DEB_VERSION" usr/sbin/nats-server "$NATS_BIN"
fi
"$NATS_BIN" --version

if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci"
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi
