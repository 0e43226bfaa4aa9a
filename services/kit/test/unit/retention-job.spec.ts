import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { RetentionJob, untilShort } from '../../src/retention-job.js';

describe('retention job', () => {
  const logger = createLogger({ service: 't', storeId: 's1', level: 'error' });

  it('runs each step batch by batch until it is done, and counts what it pruned per table', async () => {
    const metrics = createMetrics('t', 's1');
    let left = 1_234;
    const sizes: number[] = [];
    const job = new RetentionJob({ logger, metrics, batchSize: 500, steps: () => [
      { table: 'orders', batch: async (n) => { sizes.push(n); const p = Math.min(n, left); left -= p; return untilShort(p, n); } },
      { table: 'outbox', batch: async () => ({ pruned: 0, done: true }) },
    ] });
    expect(await job.runOnce()).to.deep.equal({ orders: 1_234, outbox: 0 });
    expect(sizes).to.deep.equal([500, 500, 500]);
    expect(await metrics.registry.getSingleMetricAsString('retention_pruned_rows_total')).to.match(/table="orders"[^\n]* 1234/);
    await job.stop();
  });

  it('tries a failed pass again soon rather than a day later', async () => {
    let calls = 0;
    const job = new RetentionJob({ logger, metrics: createMetrics('t', 's1'), retryMs: 50, everyMs: 3_600_000, steps: () => [
      { table: 'tickets', batch: async () => { calls++; if (calls === 1) throw new Error('order service not up yet'); return { pruned: 2, done: true }; } },
    ] }).start();
    for (let i = 0; i < 40 && calls < 2; i++) await sleep(25);
    expect(calls).to.equal(2);
    await job.stop();
  });
});
