#!/usr/bin/env bash
# `make test-compose`: docker-compose.central.yml and two store boxes from docker-compose.yml (projects s1 and
# s2), built and run for real on a private Docker engine, then proven from outside through their published
# loopback ports (ops/stack/compose-test/compose.e2e.ts). Runs unattended on a clean clone as root:
#   1. installs what is missing: Debian's docker.io and debootstrap, the Compose v2 plugin from Debian sid
#      (into .tools/docker-cli-plugins, the way nats-server is fetched), npm packages;
#   2. starts a private engine (engine.sh: own data root and socket in a temp dir; never the machine's own);
#   3. builds the five images on Debian roots made here (ops/docker/build-images.sh --debian: no registry);
#   4. runs the proofs; the engine, its containers and its data are removed at the end.
# KEEP_ENGINE=1 keeps the engine dir (and prints it) for a look after a failure.
# ENGINE_DIR=<dir> keeps the engine's data root there between runs (images and build cache are reused, so a
# second run skips the Debian roots and most of the image builds); containers, networks and volumes are
# still removed at the end and the engine stopped. Unset (the default), every run starts from nothing.
# REUSE_IMAGES=1 (with ENGINE_DIR) skips the image builds when the engine has all five kiosk/* images: for
# iterating on compose files and the proofs, which the images do not contain.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT="$PWD"
export PATH="$ROOT/node_modules/.bin:$PATH"
COMPOSE_DEB_VERSION="${COMPOSE_DEB_VERSION:-2.40.3-3}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
t_start=$SECONDS
step() { echo "=== test-compose: $* ($((SECONDS - t_start)) s)"; }

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  step "apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian enables the machine's own engine on install; this test never uses it.
fi
plugins="$ROOT/.tools/docker-cli-plugins"
if [ ! -x "$plugins/docker-compose" ]; then
  step "Compose plugin $COMPOSE_DEB_VERSION from Debian sid into .tools/"
  bash ops/docker/sid-binary.sh docker-compose "$COMPOSE_DEB_VERSION" usr/libexec/docker/cli-plugins/docker-compose "$plugins/docker-compose"
fi
[ -d node_modules ] || (npm ci --no-audit --no-fund)

work="$(mktemp -d /tmp/kiosk-compose.XXXXXX)"
engine="${ENGINE_DIR:-$work/engine}"
cleanup() {
  local rc=$?
  if [ "${KEEP_ENGINE:-0}" = 1 ]; then echo "test-compose: engine kept: DOCKER_HOST=unix://$engine/docker.sock ($work)"; exit $rc; fi
  step "stopping the private engine"
  DOCKER_HOST="unix://$engine/docker.sock" docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="unix://$engine/docker.sock" docker rm -f >/dev/null 2>&1 || true
  if [ -n "${ENGINE_DIR:-}" ]; then
    # Every volume, named ones too (newer engines' `volume prune` removes only anonymous ones).
    DOCKER_HOST="unix://$engine/docker.sock" docker volume ls -q 2>/dev/null | xargs -r env DOCKER_HOST="unix://$engine/docker.sock" docker volume rm -f >/dev/null 2>&1 || true
    DOCKER_HOST="unix://$engine/docker.sock" docker network prune -f >/dev/null 2>&1 || true
  fi
  bash ops/stack/compose-test/engine.sh stop "$engine" || true
  # (No mount left under it is fine: without the `|| true`, grep's status would end this trap early.)
  { grep -o " $engine/[^ ]*" /proc/mounts 2>/dev/null || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
step "starting a private Docker engine in $engine"
export DOCKER_HOST; DOCKER_HOST="$(bash ops/stack/compose-test/engine.sh start "$engine")"
# The docker CLI finds the Compose plugin through its config dir; the machine's ~/.docker stays untouched.
export DOCKER_CONFIG="$work/docker-config"; mkdir -p "$DOCKER_CONFIG"; ln -s "$plugins" "$DOCKER_CONFIG/cli-plugins"
docker compose version

have_images() { for n in services gateway postgres redis nats; do docker image inspect "kiosk/$n:latest" >/dev/null 2>&1 || return 1; done; }
if [ "${REUSE_IMAGES:-0}" = 1 ] && have_images; then
  step "reusing the engine's kiosk/* images (REUSE_IMAGES=1)"
else
  step "building the images (Debian bases)"
  t0=$SECONDS
  BUILD_LOG_DIR="$work" bash ops/docker/build-images.sh --debian
  echo "test-compose: images built in $((SECONDS - t0)) s"
fi
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sort

step "the proofs"
COMPOSE_WORK="$work" SPEC=ops/stack/compose-test/compose.e2e.ts mocha --timeout 900000
step "done"
