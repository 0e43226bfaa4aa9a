# nats-server for the store box and central's hub (kiosk/nats), the release line the native stack runs
# (ops/install-deps.sh's NATS_DEB_VERSION; a test keeps both the same). NATS_BASE: nats:2.15.1-alpine
# (official, the default) or kiosk-base:bookworm, which takes the static binary from Debian's package of
# that version (Debian 12's own 2.9 cannot fsync every write), from the mirror the base's apt already uses.
ARG NATS_BASE=nats:2.15.1-alpine
FROM ${NATS_BASE}
ARG NATS_DEB_VERSION=2.15.1-1
COPY ops/docker/install-packages.sh ops/docker/nats-from-debian.sh /usr/local/sbin/
RUN sh /usr/local/sbin/install-packages.sh --user=nats:4222 wget:wget \
 && { command -v nats-server >/dev/null || sh /usr/local/sbin/nats-from-debian.sh "$NATS_DEB_VERSION"; } \
 && mkdir -p /data && chown nats:nats /data
USER nats
ENTRYPOINT ["nats-server"]
CMD ["--help"]
