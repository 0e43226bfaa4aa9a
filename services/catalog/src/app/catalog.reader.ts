import type { Pool } from '@kiosk/kit';
import { assembleView } from '../domain/catalog-view.js';
import { readState, readVersion } from '../adapters/catalog.repo.js';
import type { CatalogCache } from '../adapters/catalog.cache.js';

export interface CatalogAnswer {
  version: number;
  /** The JSON body, already serialised (what the cache stores), or null when only the version was asked for. */
  body: string | null;
}

/**
 * Serves the catalog: the version always comes from Postgres (one indexed row, the source of truth, so no
 * replica or cache can hand out an old version as current); the built body comes from Redis when it holds
 * that version, else it is rebuilt from one Postgres snapshot and cached under the version that snapshot saw.
 */
export class CatalogReader {
  constructor(private readonly pool: Pool, private readonly cache: CatalogCache, private readonly storeId: string) {}

  currentVersion(): Promise<number> {
    return readVersion(this.pool);
  }

  async read(knownVersion?: number): Promise<CatalogAnswer & { body: string }> {
    const version = knownVersion ?? (await this.currentVersion());
    const cached = await this.cache.read(version);
    if (cached !== null) return { version, body: cached };
    const view = assembleView(await readState(this.pool, this.storeId));
    const body = JSON.stringify(view);
    await this.cache.write(view.version, body);
    return { version: view.version, body };
  }
}
