import { expect } from 'chai';
import { syncConfig } from '../src/config.js';

const env = { SERVICE_NAME: 'sync', STORE_ID: 's1', HTTP_PORT: '0', DATABASE_URL: 'postgres://x@127.0.0.1/store', NATS_URL: 'nats://127.0.0.1:4222',
  ORDER_URL: 'http://127.0.0.1:1', NATS_MONITOR_URL: 'http://127.0.0.1:2' };

describe('sync service config', () => {
  it('sends a heartbeat every 5 s unless told otherwise, accepts 0 to switch it off and refuses a flood', () => {
    expect(syncConfig.parse(env).HEARTBEAT_MS).to.equal(5_000);
    expect(syncConfig.parse({ ...env, HEARTBEAT_MS: '0' }).HEARTBEAT_MS).to.equal(0);
    expect(syncConfig.safeParse({ ...env, HEARTBEAT_MS: '50' }).success).to.equal(false);
    expect(syncConfig.safeParse({ ...env, ORDER_URL: undefined }).success).to.equal(false);
  });
});
