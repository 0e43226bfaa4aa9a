/**
 * @kiosk/stack: starts the store box's processes natively, for `make demo` and for tests. No mocks: real
 * Postgres, Redis, nats-server, nginx and the real services, on free ports in temp dirs when testing.
 */
export * from './process.js';
export * from './bundle.js';
export * from './paths.js';
export * from './servers.js';
export * from './store-box.js';
export * from './testbed.js';
export * from './central.js';
export * from './central-config.js';
export * from './hub-streams.js';
export * from './link.js';
export * from './prometheus.js';
