#!/bin/sh
# Run inside the nats image build on a Debian base: fetches nats-server <version> from Debian sid (only that
# package, with apt's own state kept apart) from the mirror the base's apt already uses, and keeps its static
# binary. The same way ops/install-deps.sh fetches it for the native stack.
set -eu
version="${1:?nats-server Debian version}"
uri="$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list)"
dir="$(mktemp -d)"; mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
echo "deb $uri sid main" > "$dir/sid.list"
opts="-o Dir::Etc::SourceList=$dir/sid.list -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=$dir/lists -o Dir::Cache=$dir/cache"
# shellcheck disable=SC2086
apt-get $opts update -qq
# shellcheck disable=SC2086
(cd "$dir" && apt-get $opts download -qq "nats-server=$version")
dpkg-deb -x "$dir"/nats-server_*.deb "$dir/x"
install -m 0755 "$dir/x/usr/sbin/nats-server" /usr/local/bin/nats-server
rm -rf "$dir"
nats-server --version
