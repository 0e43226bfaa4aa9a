/**
 * `node --import tsx ops/stack/src/cli/store-openapi.ts`: writes the store API's OpenAPI document to
 * docs/api/store-openapi.json. The document is made from the services' route tables, which exist only in running
 * services, so this starts a throwaway store box and saves what its gateway serves at /api/openapi.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startStoreBox } from '../index.js';

async function main() {
  const box = await startStoreBox({ seed: false });
  try {
    const res = await fetch(`${box.gatewayUrl}/api/openapi.json`);
    if (!res.ok) throw new Error(`GET /api/openapi.json: HTTP ${res.status} ${await res.text()}`);
    const file = join(repoRoot, 'docs/api/store-openapi.json');
    mkdirSync(join(repoRoot, 'docs/api'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(await res.json(), null, 2)}\n`);
    console.log(`wrote ${file}`);
  } finally {
    await box.stop();
  }
}

main().catch((err: unknown) => {
  console.error('store-openapi failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
