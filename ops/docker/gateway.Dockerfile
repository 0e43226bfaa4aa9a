# syntax=docker/dockerfile:1
# The store gateway: nginx with the kiosk, kitchen display and pickup board built in, and the menu images.
FROM node:24-bookworm-slim AS web
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build -w web/kiosk -w web/kitchen

FROM nginx:1.27-alpine
# nginx's entrypoint fills ${VARS} in /etc/nginx/templates/*.template; output the whole nginx.conf.
ENV NGINX_ENVSUBST_OUTPUT_DIR=/etc/nginx NGINX_RUN_DIR=/tmp/nginx NGINX_MIME_TYPES=/etc/nginx/mime.types \
    GATEWAY_LISTEN=8080 MEDIA_ROOT=/srv/media KIOSK_ROOT=/srv/kiosk KDS_ROOT=/srv/kds
COPY ops/nginx/store.conf.template /etc/nginx/templates/nginx.conf.template
COPY --from=web /app/web/kiosk/dist /srv/kiosk
COPY --from=web /app/web/kitchen/dist /srv/kds
COPY services/catalog/media /srv/media
RUN mkdir -p /tmp/nginx && chown -R nginx:nginx /tmp/nginx /etc/nginx
USER nginx
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD wget -qO- http://127.0.0.1:8080/kiosk/ >/dev/null || exit 1
CMD ["nginx", "-c", "/etc/nginx/nginx.conf"]
