import { eq, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { media } from './db/schema.js';

/** Uploaded images at central (central_admin.media): reads and writes only. What an upload writes is decided in app/media.ts. */
export class MediaRepo {
  constructor(private readonly db: NodePgDatabase) {}

  /** Uploads take turns until the transaction ends: each budget check and insert sees every image committed before it. */
  async lockUploads(): Promise<void> {
    await this.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('central_admin.media'))`);
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.db.select({ sha256: media.sha256 }).from(media).where(eq(media.sha256, sha256))).length > 0;
  }

  async storedBytes(): Promise<number> {
    return Number((await this.db.select({ total: sql<string>`coalesce(sum(${media.size}), 0)` }).from(media))[0]!.total);
  }

  async insert(row: typeof media.$inferInsert): Promise<void> {
    await this.db.insert(media).values(row);
  }

  async find(sha256: string): Promise<{ contentType: string; bytes: Buffer } | null> {
    const r = await this.db.select({ contentType: media.contentType, bytes: media.bytes }).from(media).where(eq(media.sha256, sha256));
    return r[0] ?? null;
  }
}
