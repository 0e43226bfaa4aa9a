# Redis for the store box (kiosk/redis): the cache and socket.io fan-out, never the truth. REDIS_BASE:
# redis:7.0-bookworm (official, the default) or kiosk-base:bookworm (Debian's redis-server 7.0, the release the
# native stack runs). Its settings are ops/redis/store.conf, mounted by docker-compose.yml.
ARG REDIS_BASE=redis:7.0-bookworm
FROM ${REDIS_BASE}
COPY ops/docker/install-packages.sh /usr/local/sbin/install-packages
RUN install-packages --user=redis redis-server:redis-server && mkdir -p /data && chown redis:redis /data
WORKDIR /data
USER redis
ENTRYPOINT []
CMD ["redis-server", "/usr/local/etc/redis/store.conf"]
