#!/usr/bin/env bash
# Installs what the native stack and its tests need on a Debian 12 machine, and nothing that is already there.
# - Debian packages: postgresql, redis-server, nginx, chromium (e2e tests), prometheus (promtool).
# - nats-server >= 2.14: Debian 12 ships 2.9.10, which refuses `sync_interval: always` (see DESIGN.md).
#   We fetch Debian sid's build with a private apt state (the system's sources are not touched) and unpack
#   the static binary into .tools/nats-server/, pinned by NATS_DEB_VERSION so CI and images run the same line.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$ROOT/.tools"
NATS_DEB_VERSION="${NATS_DEB_VERSION:-2.15.1-1}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

need=()
for pair in pg_ctl:postgresql redis-server:redis-server nginx:nginx chromium:chromium promtool:prometheus; do
  bin="${pair%%:*}"; pkg="${pair##*:}"
  if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$bin" ] && ! ls /usr/lib/postgresql/*/bin/"$bin" >/dev/null 2>&1; then
    need+=("$pkg")
  fi
done
if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts these as system services on install; the stack runs its own on free ports.
  for svc in nginx redis-server prometheus; do $SUDO service "$svc" stop >/dev/null 2>&1 || true; done
fi

NATS_BIN="$TOOLS/nats-server/nats-server"
if [ ! -x "$NATS_BIN" ] || ! "$NATS_BIN" --version | grep -q "v${NATS_DEB_VERSION%-*}"; then
  echo "install-deps: nats-server ${NATS_DEB_VERSION} from Debian sid into .tools/"
  apt_dir="$(mktemp -d)"; mkdir -p "$apt_dir"/{parts,lists/partial,cache/archives/partial}
  cat > "$apt_dir/parts/sid.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  opts=(-o "Dir::Etc::SourceList=$apt_dir/none.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
        -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
  apt-get "${opts[@]}" update -qq
  (cd "$apt_dir" && apt-get "${opts[@]}" download "nats-server=${NATS_DEB_VERSION}" -qq 2>/dev/null ||
                    apt-get "${opts[@]}" download nats-server -qq)
  mkdir -p "$TOOLS/nats-server"
  dpkg-deb -x "$apt_dir"/nats-server_*.deb "$apt_dir/x"
  install -m 0755 "$apt_dir/x/usr/sbin/nats-server" "$NATS_BIN"
  rm -rf "$apt_dir"
fi
"$NATS_BIN" --version

if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci"
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi
