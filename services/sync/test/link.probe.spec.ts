import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { freePort, httpOk, ManagedProcess, natsServerBin, waitFor } from '@kiosk/stack';
import { readLink } from '../src/adapters/probes.js';

/**
 * The link probe against real nats-servers: a plain "store" server with a leaf remote to a plain "hub" (no
 * JetStream, no TLS: only the leaf connection and the store's monitor matter here). The full store box with a
 * real hub is exercised by the scenarios in ops/stack/test.
 */
describe('link probe: the leaf link as the store nats-server reports it', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), 'sync-link-'));
  let hub: ManagedProcess;
  let store: ManagedProcess;
  let monitor: string;
  let startHub: () => Promise<void>;

  before(async () => {
    const [hubPort, leafPort, storePort, monitorPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    monitor = `http://127.0.0.1:${monitorPort}`;
    writeFileSync(join(dir, 'hub.conf'), `listen: 127.0.0.1:${hubPort}\nhttp: 127.0.0.1:${await freePort()}\nleafnodes { listen: 127.0.0.1:${leafPort} }\n`);
    writeFileSync(join(dir, 'store.conf'), `listen: 127.0.0.1:${storePort}\nhttp: 127.0.0.1:${monitorPort}\n`
      + `leafnodes { reconnect: "100ms", remotes: [ { url: "nats-leaf://127.0.0.1:${leafPort}" } ] }\n`);
    startHub = async () => {
      hub = new ManagedProcess('hub', natsServerBin(), ['-c', join(dir, 'hub.conf')], { logFile: join(dir, 'hub.log') }).start();
      await waitFor('leaf link up', async () => (await readLink(monitor)).up === true, 15_000, hub);
    };
    store = new ManagedProcess('store', natsServerBin(), ['-c', join(dir, 'store.conf')], { logFile: join(dir, 'store.log') }).start();
    await waitFor('store nats-server', () => httpOk(`${monitor}/healthz`), 15_000, store);
    await startHub();
  });
  after(async () => {
    await Promise.all([hub?.stop(), store?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the link up with its round trip to the hub', async () => {
    const link = await readLink(monitor);
    expect(link.up).to.equal(true);
    expect(link.rttMs).to.be.a('number').within(0, 1_000);
  });

  it('reads the link down, with no round trip, when the hub goes away', async () => {
    await hub.stop();
    await waitFor('leaf link down', async () => (await readLink(monitor)).up === false, 10_000);
    expect((await readLink(monitor)).rttMs).to.equal(null);
    await startHub();
  });

  it('says unknown, never down, when the monitor does not answer', async () => {
    expect(await readLink(`http://127.0.0.1:${await freePort()}`)).to.deep.equal({ up: null, rttMs: null });
  });
});
