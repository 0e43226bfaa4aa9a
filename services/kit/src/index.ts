/**
 * @kiosk/kit: what every service is built on. Config from the environment (validated once), JSON logs,
 * Prometheus metrics, health probes, graceful shutdown, and connectors for Postgres, Redis and NATS.
 */
export * from './errors.js';
export * from './config.js';
export * from './logger.js';
export * from './metrics.js';
export * from './health.js';
export * from './http.js';
export * from './shutdown.js';
export * from './postgres.js';
export * from './redis.js';
export * from './nats.js';
export * from './streams.js';
export * from './leaf.js';
export * from './outbox.js';
export * from './outbox-table.js';
export * from './consumer-loop.js';
export * from './store-directory.js';
export * from './service.js';
export * from './breaker.js';
export * from './staff-lockout.js';
export * from './staff-devices.js';
export * from './staff-http.js';
export * from './pin-guard.js';
export * from './demo-pins.js';
export * from './disk-guard.js';
export * from './retention-job.js';
export * from './openapi.js';
export * from './store-api.js';
export { staffTableAccess } from './staff-tables.js';
