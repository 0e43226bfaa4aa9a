#!/usr/bin/env bash
# Builds the five images of the store box and central, tagged kiosk/<name>:$KIOSK_VERSION (default latest):
#   services (every Node service), gateway (nginx + the web apps), postgres, redis, nats.
# build-images.sh            bases: the official images (node, nginx, postgres, redis, nats) from a registry
# build-images.sh --debian   bases: kiosk-base:bookworm / kiosk-base:trixie made here by base-image.sh from the
#                            machine's Debian mirror: no image registry needed
# BUILD_CA_FILE: a CA bundle npm trusts in the build (default: NODE_EXTRA_CA_CERTS). Extra `docker build` options (e.g. --platform linux/arm64 with buildx) go in BUILD_OPTS. The builds run
# on the host's network (packages and npm come from their usual places through the host).
set -euo pipefail
cd "$(dirname "$0")/../.."
tag="${KIOSK_VERSION:-latest}"
args=()
if [ "${1:-}" = "--debian" ]; then
  bash ops/docker/base-image.sh bookworm
  bash ops/docker/base-image.sh trixie
  args=(--build-arg NODE_BASE=kiosk-base:trixie --build-arg NGINX_BASE=kiosk-base:bookworm
        --build-arg POSTGRES_BASE=kiosk-base:bookworm --build-arg REDIS_BASE=kiosk-base:bookworm
        --build-arg NATS_BASE=kiosk-base:bookworm)
fi
# One snapshot of the checkout (tracked files and new ones git does not ignore) for all five builds: the
# images agree with each other even if the tree changes meanwhile, and the shared stages hit the cache.
ctx="$(mktemp -d "${TMPDIR:-/tmp}/kiosk-build-context.XXXXXX")"
trap 'rm -rf "$ctx"' EXIT
git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' |
  tar --null -T - -cf - | tar -C "$ctx" -xf -
# The certificate authorities this machine trusts (a proxy's own, too) for npm in the build stage only: the
# build context's .build-ca.pem, never a runtime image. BUILD_CA_FILE overrides; unset, Node's own defaults.
ca="${BUILD_CA_FILE:-${NODE_EXTRA_CA_CERTS:-}}"
if [ -n "$ca" ] && [ -s "$ca" ]; then cp "$ca" "$ctx/.build-ca.pem"; else : > "$ctx/.build-ca.pem"; fi
# The classic builder: the one every engine has (BuildKit needs the buildx plugin and its own images). It
# shares the stages the Dockerfiles have in common (node, build) through its cache.
export DOCKER_BUILDKIT=0
for name in services gateway postgres redis nats; do
  t0=$SECONDS
  file="ops/docker/$name.Dockerfile"; [ "$name" = services ] && file=ops/docker/service.Dockerfile
  log="${BUILD_LOG_DIR:-${TMPDIR:-/tmp}}/build-$name.log"
  # shellcheck disable=SC2086
  docker build --network host "${args[@]}" ${BUILD_OPTS:-} -f "$ctx/$file" -t "kiosk/$name:$tag" "$ctx" >"$log" 2>&1 ||
    { tail -40 "$log" >&2; echo "build-images: kiosk/$name failed (log: $log)" >&2; exit 1; }
  echo "build-images: kiosk/$name:$tag in $((SECONDS - t0)) s"
done
