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
export * from './central-api.js';
export * from './hub-streams.js';
export * from './link.js';
export * from './prometheus.js';
export * from './store-db.js';
export * from './powercut-fs.js';
export * from './power-cut.js';
export * from './boot.js';
export * from './backup-policy.js';
export * from './backup.js';
export * from './backup-agent.js';
export * from './alertmanager.js';
export * from './alert-inbox.js';
export * from './stream-backup.js';
export * from './store-backup.js';
export * from './store-nats.js';
export * from './fleet-store.js';
export * from './fleet-orders.js';
export * from './fleet.js';
export * from './proc-stats.js';
export * from './sim-acquirer.js';
export * from './hub-accounts.js';
export * from './store-replace.js';
export * from './test-images.js';
