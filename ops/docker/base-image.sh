#!/usr/bin/env bash
# Builds a minimal Debian root with debootstrap from the machine's own Debian mirror and loads it into Docker
# as kiosk-base:<suite> (bookworm: Postgres 15, Redis 7.0, nginx, nats-server; trixie: Node 20.19). Used
# where no image registry is reachable: the Dockerfiles take it as their base (ops/docker/README.md).
# Usage: base-image.sh <suite>   (DOCKER_HOST picks the engine; nothing is done if the image exists)
set -euo pipefail
suite="${1:?usage: base-image.sh <suite: bookworm|trixie>}"
image="kiosk-base:$suite"
if docker image inspect "$image" >/dev/null 2>&1; then echo "base-image: $image is there"; exit 0; fi
# shellcheck source=ops/docker/debian-archive.sh
. "$(dirname "$0")/debian-archive.sh"
read -r uri keyring < <(debian_archive)
root="$(mktemp -d "${TMPDIR:-/tmp}/kiosk-base-$suite.XXXXXX")"
# mktemp makes the folder 0700, and it becomes the image's /: every user must be able to enter it.
chmod 755 "$root"
# debootstrap may leave the root's /proc mounted: unmount whatever is under the root before removing it.
unmount_under_root() {
  { grep -o " $root/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m"; done
}
cleanup() { unmount_under_root || true; rm -rf "$root" "$root.log"; }
trap cleanup EXIT
t0=$SECONDS
debootstrap --variant=minbase --keyring="$keyring" "$suite" "$root" "$uri" >"$root.log" 2>&1 ||
  { tail -20 "$root.log" >&2; exit 1; }
unmount_under_root
# Only the main suite: the image's apt reads the same mirror; docs and caches make no part of a base.
printf 'deb %s %s main\n' "$uri" "$suite" > "$root/etc/apt/sources.list"
# And the machine's own word on the archive's dates (a frozen snapshot mirror turns the Valid-Until check off).
apt-config dump | grep -E '^Acquire::Check-(Valid-Until|Date) ' > "$root/etc/apt/apt.conf.d/99machine" || true
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
# An imported root has no image config: the PATH every Debian image sets, and a shell as the default command.
tar -C "$root" --one-file-system -c . |
  docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["bash"]' - "$image" >/dev/null
echo "base-image: $image built in $((SECONDS - t0)) s"
