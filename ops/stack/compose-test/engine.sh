#!/usr/bin/env bash
# A private Docker engine for one test run: its own data root, exec root, pid file and socket under DIR, the
# vfs storage driver (works on any filesystem, also inside a container) and no iptables rules (the machine's
# firewall is not touched; published ports go through docker-proxy). Never the machine's own engine.
#   engine.sh start DIR   -> prints the DOCKER_HOST to use
#   engine.sh stop DIR
set -euo pipefail
cmd="${1:?start|stop}"; dir="${2:?DIR}"
sock="$dir/docker.sock"
case "$cmd" in
  start)
    # Already running there (a kept engine, ENGINE_DIR): use it.
    DOCKER_HOST="unix://$sock" docker version >/dev/null 2>&1 && { echo "unix://$sock"; exit 0; }
    mkdir -p "$dir/data" "$dir/exec"
    # Its own bridge name and address range, so it never collides with another engine's docker0.
    bridge="kd$(printf %s "$dir" | cksum | cut -c1-8)"
    dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" -H "unix://$sock" \
      --storage-driver vfs --iptables=false --ip6tables=false --bridge=none --ip-forward=false \
      --containerd-namespace "kiosk-$bridge" --containerd-plugins-namespace "kiosk-$bridge-p" \
      --log-level warn >"$dir/dockerd.log" 2>&1 &
    for _ in $(seq 1 100); do
      DOCKER_HOST="unix://$sock" docker version >/dev/null 2>&1 && { echo "unix://$sock"; exit 0; }
      sleep 0.2
    done
    tail -20 "$dir/dockerd.log" >&2; exit 1 ;;
  stop)
    [ -f "$dir/dockerd.pid" ] || exit 0
    pid="$(cat "$dir/dockerd.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true ;;
esac
