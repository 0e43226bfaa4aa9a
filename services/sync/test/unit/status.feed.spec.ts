import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { StoreSyncStatusView } from '@kiosk/contracts/api';
import { createHttpApp, createLogger, createMetrics, finishHttpApp, listen } from '@kiosk/kit';
import { statusViewOf } from '../../src/domain/status-view.js';
import { StatusFeed } from '../../src/transport/status.feed.js';
import { mountStatusRoutes } from '../../src/transport/status.routes.js';
import { sampleSnapshot } from '../fixtures.js';
import { SseReader } from '../sse-reader.js';

/** The status stream's own rules on a real HTTP server: figures that cannot be gathered, keep-alives, a cap on pages. */
describe('status feed: keep-alives, failures and the cap on open pages', function () {
  this.timeout(20_000);
  let server: Server;
  let feed: StatusFeed;
  let url: string;
  let gathered = 0;
  let failing = false;

  before(async () => {
    const metrics = createMetrics('sync', 's1');
    const logger = createLogger({ service: 'sync', storeId: 's1', level: 'error' });
    const view = (): Promise<StoreSyncStatusView> => {
      gathered++;
      return failing ? Promise.reject(new Error('postgres is restarting')) : Promise.resolve(statusViewOf({ ...sampleSnapshot, uptimeSeconds: gathered }));
    };
    feed = new StatusFeed({ everyMs: 300, keepAliveMs: 200, maxStreams: 2, view, logger, metrics }).start();
    const app = createHttpApp({ metrics });
    mountStatusRoutes(app, { view, feed });
    finishHttpApp(app, logger);
    server = await listen(app, '127.0.0.1', 0);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sync/status/stream`;
  });
  after(async () => {
    await feed?.close();
    server?.close();
  });

  it('gathers the figures once per push for every open page, not once per page', async () => {
    const [a, b] = await Promise.all([SseReader.open(url), SseReader.open(url)]);
    try {
      await Promise.all([a.next((m) => m.event === 'status'), b.next((m) => m.event === 'status')]);
      const [fromA, fromB] = await Promise.all([a.next((m) => m.event === 'status'), b.next((m) => m.event === 'status')]);
      // uptimeSeconds counts the gatherings here: a gathering per page would give the two pages different ones.
      expect(fromA.data, 'both pages got the same push').to.equal(fromB.data);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps a stream alive with comment lines while the figures cannot be gathered, and resumes pushing after', async () => {
    failing = true;
    const stream = await SseReader.open(url);
    try {
      await stream.next((m) => m.comment === 'keep-alive', 2_000);
      failing = false;
      await stream.next((m) => m.event === 'status', 2_000);
    } finally {
      failing = false;
      await stream.close();
    }
  });

  it('refuses a page beyond the cap with a clear 503, and lets it in once another page closes', async () => {
    for (let i = 0; i < 50 && feed.streamCount() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const open = [await SseReader.open(url), await SseReader.open(url)];
    const refused = await fetch(url);
    expect(refused.status).to.equal(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).to.equal('too_many_streams');
    await open[0]!.close();
    for (let i = 0; i < 50 && feed.streamCount() > 1; i++) await new Promise((r) => setTimeout(r, 50));
    const admitted = await SseReader.open(url);
    expect(admitted.response.status).to.equal(200);
    await Promise.all([open[1]!.close(), admitted.close()]);
  });
});
