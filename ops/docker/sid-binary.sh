#!/usr/bin/env bash
# Unpacks one program from a Debian sid package into a folder of the repository, with a private apt state (the
# system's sources are not touched; the mirror and keyring are the machine's own):
#   sid-binary.sh <package> <version> <path in the package> <destination file>
# ops/install-deps.sh takes nats-server 2.15 this way, ops/stack/compose-test the Compose v2 plugin.
set -euo pipefail
pkg="$1" version="$2" inner="$3" dest="$4"
# shellcheck source=ops/docker/debian-archive.sh
. "$(dirname "$0")/debian-archive.sh"
apt_dir="$(mktemp -d)"; trap 'rm -rf "$apt_dir"' EXIT
mkdir -p "$apt_dir"/{parts,lists/partial,cache/archives/partial}
read -r debian_uri debian_keyring < <(debian_archive)
cat > "$apt_dir/parts/sid.sources" <<SRC
Types: deb
URIs: ${debian_uri}
Suites: sid
Components: main
Signed-By: ${debian_keyring}
SRC
opts=(-o "Dir::Etc::SourceList=$apt_dir/none.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
      -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
apt-get "${opts[@]}" update -qq
(cd "$apt_dir" && { apt-get "${opts[@]}" download "$pkg=$version" -qq 2>/dev/null || apt-get "${opts[@]}" download "$pkg" -qq; })
dpkg-deb -x "$apt_dir/${pkg}"_*.deb "$apt_dir/x"
mkdir -p "$(dirname "$dest")"
install -m 0755 "$apt_dir/x/$inner" "$dest"
