/**
 * `make link-down STORE=s1` / `make link-up STORE=s1`: severs or restores one demo store's leaf link to
 * central for real (the remote's `disabled` flag + a config reload of the store's nats-server), on the
 * demo's .data/<store> layout. Orders keep flowing on the store meanwhile; its uplink forwards them on link-up.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { leafConfDir, linkDown, linkUp, repoRoot } from '../index.js';

const [direction, storeId] = process.argv.slice(2);

async function main() {
  if ((direction !== 'down' && direction !== 'up') || !storeId) {
    console.error('usage: link.ts down|up <storeId>   (e.g. make link-down STORE=s1)');
    process.exit(2);
  }
  const baseDir = join(process.env.DEMO_DATA_DIR ?? join(repoRoot, '.data'), storeId);
  if (!existsSync(leafConfDir(baseDir))) {
    console.error(`store ${storeId} has no leaf link in ${baseDir}: is the demo running with central?`);
    process.exit(1);
  }
  const started = performance.now();
  await (direction === 'down' ? linkDown({ baseDir }) : linkUp({ baseDir }));
  console.log(`store ${storeId}: link ${direction} (${Math.round(performance.now() - started)} ms)`);
}

main().catch((err: unknown) => {
  console.error(`link ${direction ?? ''} failed:`, err instanceof Error ? err.message : err);
  process.exit(1);
});
