#!/bin/sh
# The store box's own certificate authority, for HTTPS on the store LAN (browsers run a kiosk's service worker
# only in a secure context). Made at the first start and kept in the box's data (GATEWAY_TLS_DIR):
#   ca.pem        the CA certificate, served at /ca/ca.pem for enrolling tablets (its key never leaves the dir)
#   gateway.pem   the gateway's certificate, issued by that CA for the names in GATEWAY_TLS_NAMES
#   gateway.key
# The gateway certificate is issued again when the list of names changes; the CA stays, so enrolled tablets
# keep trusting the box. An operator's own certificate (TLS_CERT_FILE/TLS_KEY_FILE outside GATEWAY_TLS_DIR)
# skips all of this. Used by the gateway image (/docker-entrypoint.d) and by ops/stack natively.
set -eu

dir="${GATEWAY_TLS_DIR:?GATEWAY_TLS_DIR names the folder of the box CA}"
# Comma-separated host names and IP addresses kiosks use to reach the box; localhost is always included.
names="localhost,127.0.0.1,${GATEWAY_TLS_NAMES:-}"

if [ -n "${TLS_CERT_FILE:-}" ] && [ "${TLS_CERT_FILE}" != "$dir/gateway.pem" ]; then
  echo "local-ca: using the operator's certificate ${TLS_CERT_FILE}"
  exit 0
fi

mkdir -p "$dir"
umask 077
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"

if [ ! -s "$dir/ca.pem" ] || [ ! -s "$dir/ca.key" ]; then
  # shellcheck disable=SC2086
  openssl req -x509 $ec -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 3650 \
    -subj "/CN=Store box ${STORE_ID:-} local CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  rm -f "$dir/gateway.pem" "$dir/names"
  echo "local-ca: made a new CA in $dir"
fi

san=""
for name in $(echo "$names" | tr ',' ' '); do
  case "$name" in
    *[!0-9.]*) case "$name" in *:*) entry="IP:$name" ;; *) entry="DNS:$name" ;; esac ;;
    *) entry="IP:$name" ;;
  esac
  case ",$san," in *",$entry,"*) ;; *) san="${san:+$san,}$entry" ;; esac
done

if [ ! -s "$dir/gateway.pem" ] || [ ! -s "$dir/gateway.key" ] || [ "$(cat "$dir/names" 2>/dev/null)" != "$san" ]; then
  # shellcheck disable=SC2086
  openssl req $ec -keyout "$dir/gateway.key" -out "$dir/gateway.csr" -subj "/CN=store box ${STORE_ID:-}" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n' "$san" > "$dir/gateway.ext"
  openssl x509 -req -in "$dir/gateway.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -out "$dir/gateway.pem" -days 825 -extfile "$dir/gateway.ext" 2>/dev/null
  rm -f "$dir/gateway.csr" "$dir/gateway.ext"
  echo "$san" > "$dir/names"
  echo "local-ca: issued the gateway certificate for $san"
fi
# nginx reads the certificate and key; the CA certificate is public.
chmod 644 "$dir/ca.pem" "$dir/gateway.pem"
# What a person enrolling a tablet compares with the downloaded file (the guide at /ca/ says so).
echo "local-ca: CA fingerprint $(openssl x509 -in "$dir/ca.pem" -noout -fingerprint -sha256 | cut -d= -f2)"
