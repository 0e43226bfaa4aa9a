#!/bin/sh
# Run inside an image build: installs, from the base's own package manager, the packages whose command the
# base lacks, so one Dockerfile serves both bases. An official image (node, postgres, redis, nginx, nats)
# already has its server and skips the install; a plain Debian base (ops/docker/base-image.sh) gets Debian's.
#   install-packages.sh [--user=<name>] <command>:<debian package>[:<alpine package>] ...
# --user=<name>[:<uid>] adds a system user and group of that name unless the base has it (the server runs as
# it); a fixed uid is for files the host hands in (the hub's TLS key belongs to uid 4222, the nats user).
set -eu
debs=""; apks=""; user=""
uid=""
case "${1:-}" in --user=*) user="${1#--user=}"; shift ;; esac
case "$user" in *:*) uid="${user#*:}"; user="${user%%:*}" ;; esac
for spec in "$@"; do
  cmd="${spec%%:*}"; rest="${spec#*:}"; deb="${rest%%:*}"; apk="${rest#*:}"
  [ "$apk" = "$rest" ] && apk="$deb"
  command -v "$cmd" >/dev/null 2>&1 && continue
  debs="$debs $deb"; apks="$apks $apk"
done
add_user() {
  [ -n "$user" ] || return 0
  id -u "$user" >/dev/null 2>&1 && return 0
  if command -v useradd >/dev/null 2>&1; then
    useradd --system --user-group ${uid:+--uid "$uid"} --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
  else addgroup -S ${uid:+-g "$uid"} "$user" && adduser -S -D -H ${uid:+-u "$uid"} -G "$user" "$user"; fi
}
if [ -z "$debs" ]; then add_user; exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $debs >/dev/null
  apt-get clean; rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/*
else
  # shellcheck disable=SC2086
  apk add --no-cache $apks >/dev/null
fi
add_user
