import { expect } from 'chai';
import { syncConfig } from '../../src/config.js';

const env = { SERVICE_NAME: 'sync', STORE_ID: 's1', HTTP_PORT: '0', DATABASE_URL: 'postgres://x@127.0.0.1/store', NATS_URL: 'nats://127.0.0.1:4222',
  ORDER_URL: 'http://127.0.0.1:1', NATS_MONITOR_URL: 'http://127.0.0.1:2' };

describe('sync service config', () => {
  it('sends a heartbeat every 5 s unless told otherwise, accepts 0 to switch it off and refuses a flood', () => {
    expect(syncConfig.parse(env).HEARTBEAT_MS).to.equal(5_000);
    expect(syncConfig.parse({ ...env, HEARTBEAT_MS: '0' }).HEARTBEAT_MS).to.equal(0);
    expect(syncConfig.safeParse({ ...env, HEARTBEAT_MS: '50' }).success).to.equal(false);
    expect(syncConfig.safeParse({ ...env, ORDER_URL: undefined }).success).to.equal(false);
  });

  it('runs without an uplink (a box with no hub) but refuses an uplink address that is not a URL', () => {
    expect(syncConfig.parse(env).UPLINK_URL).to.equal(undefined);
    expect(syncConfig.parse({ ...env, UPLINK_URL: '' }).UPLINK_URL).to.equal(undefined);
    expect(syncConfig.parse({ ...env, UPLINK_URL: 'http://127.0.0.1:3' }).UPLINK_URL).to.equal('http://127.0.0.1:3');
    expect(syncConfig.safeParse({ ...env, UPLINK_URL: 'uplink:8080' }).success).to.equal(false);
  });

  it('pushes status to open pages every 3 s unless told otherwise, and never faster than 5 times a second', () => {
    expect(syncConfig.parse(env).STATUS_PUSH_MS).to.equal(3_000);
    expect(syncConfig.parse({ ...env, STATUS_PUSH_MS: '1000' }).STATUS_PUSH_MS).to.equal(1_000);
    expect(syncConfig.safeParse({ ...env, STATUS_PUSH_MS: '10' }).success).to.equal(false);
  });
});
