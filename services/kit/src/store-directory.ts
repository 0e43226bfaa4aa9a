import { errorFields, type Logger } from './logger.js';
import type { Pool } from './postgres.js';

/**
 * The chain's stores for a central service: those of CENTRAL_STORES plus every row of central-admin's stores
 * table (read only; central-admin adds stores there). Polled, so a store added in the app is picked up within
 * seconds, without a restart (central-ingest ingests it, central-fleet follows its heartbeats). A disabled store
 * stays: what it sent before is still there to drain and show.
 */
export class StoreDirectory {
  private readonly known = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: { pool: Pool; configured: string[]; everyMs: number; logger: Logger; onStore(storeId: string): void }) {}

  async start(): Promise<this> {
    for (const s of this.deps.configured) this.add(s);
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.deps.everyMs);
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    try {
      const r = await this.deps.pool.query<{ id: string }>('SELECT id FROM central_admin.stores ORDER BY id');
      for (const { id } of r.rows) this.add(id);
    } catch (err) {
      // Before central-admin's first migration the table does not exist yet: the configured stores are all there is.
      if ((err as { code?: string }).code !== '42P01') this.deps.logger.warn('store list not read', errorFields(err));
    }
  }

  private add(storeId: string): void {
    if (this.known.has(storeId)) return;
    this.known.add(storeId);
    this.deps.onStore(storeId);
  }
}
