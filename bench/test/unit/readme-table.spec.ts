import { expect } from 'chai';
import { benchRows, benchTable, withBenchTable, type BenchResult } from '../../readme-table.js';

const result = (benchmark: string, fields: Record<string, unknown>, commit: string | null = 'abcdef0123456789'): BenchResult =>
  ({ benchmark, at: '2026-11-26T10:00:00.000Z', commit, ...fields });

describe('the README benchmark table', () => {
  it('quotes each result with the commit and the day it measured', () => {
    const table = benchTable(benchRows({
      'kiosk-to-kitchen': result('kiosk-to-kitchen', { p50Ms: 5.12, p99Ms: 14.2 }),
      sync: result('sync', { onlineLag: { p50Ms: 31.4, p99Ms: 70.6 } }, null),
    }));
    expect(table).to.contain('| kiosk POST -> kitchen socket.io event | p50 5.1 / p99 14.2 ms | 10 / 50 ms | 2026-11-26, `abcdef01` (`kiosk-to-kitchen.json`) |');
    expect(table).to.contain('p50 31 / p99 71 ms');
    expect(table).to.contain('commit not recorded');
  });

  it('marks a figure measured on a tree with uncommitted changes', () => {
    const table = benchTable(benchRows({ 'kiosk-to-kitchen': result('kiosk-to-kitchen', { p50Ms: 1, p99Ms: 2 }, 'abcdef0123-dirty') }));
    expect(table).to.contain('`abcdef01+`');
  });

  it('replaces only the text between the markers, and refuses a README without them', () => {
    const readme = 'intro\n<!-- bench-table:start (made by `make bench-table` from bench/results; do not edit) -->\nold\n<!-- bench-table:end -->\noutro\n';
    expect(withBenchTable(readme, 'NEW')).to.equal('intro\n<!-- bench-table:start (made by `make bench-table` from bench/results; do not edit) -->\nNEW\n<!-- bench-table:end -->\noutro\n');
    expect(() => withBenchTable('no markers', 'x')).to.throw(/markers/);
  });
});
