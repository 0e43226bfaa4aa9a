#!/usr/bin/env bash
# Sourced by ops/install-deps.sh and ops/docker/*.sh: debian_archive prints "<URI> <keyring>" of the machine's
# main Debian archive, read from its apt configuration (deb822 .sources files first, then one-line
# sources.list entries); the security archive is skipped. The repository never names a package host.
debian_archive() {
  local f line uri="" keyring="" suites=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        URIs:*) uri="${line#URIs:}"; uri="${uri## }"; uri="${uri%% *}" ;;
        Suites:*) suites="${line#Suites:}" ;;
        Signed-By:*) keyring="${line#Signed-By:}"; keyring="${keyring## }" ;;
        "") if [ -n "$uri" ] && [[ "$uri" != *security* ]] && [[ "$suites" != *security* ]]; then echo "$uri ${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}"; return; fi
            uri=""; keyring=""; suites="" ;;
      esac
    done < "$f"
    if [ -n "$uri" ] && [[ "$uri" != *security* ]] && [[ "$suites" != *security* ]]; then echo "$uri ${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}"; return; fi
    uri=""; keyring=""; suites=""
  done
  uri=$(grep -hE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security |
        sed -E 's/^\s*deb\s+(\[[^]]*\]\s+)?//' | awk '{print $1; exit}')
  [ -n "$uri" ] || { echo "no Debian archive in the apt configuration" >&2; return 1; }
  echo "$uri /usr/share/keyrings/debian-archive-keyring.gpg"
}
