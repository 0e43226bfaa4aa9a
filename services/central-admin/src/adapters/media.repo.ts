import { createHash } from 'node:crypto';
import { enqueueEvents, inTransaction, type Pool } from '@kiosk/kit';
import { mediaUrl, type MediaType } from '@kiosk/contracts';
import { checkMediaBudget } from '../domain/media.js';
import { adminOutbox, catalogEvent, mediaEntity } from './catalog-events.js';
import { stamp } from './catalog.repo.js';
import { recordAudit, type Actor } from './audit.repo.js';

export interface StoredImage { url: string; sha256: string; contentType: MediaType; size: number }

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Uploaded images at central. Saving one is one transaction: the row, its catalog event to every store (its own
 * subject, catalog.global.v1.media.<sha256>) and the audit row. The same bytes again change nothing.
 */
export class MediaRepo {
  constructor(private readonly pool: Pool) {}

  /** `created` is false when these bytes were already uploaded (same name, nothing written). */
  async save(bytes: Uint8Array, contentType: MediaType, actor: Actor): Promise<StoredImage & { created: boolean }> {
    const sha256 = sha256Of(bytes);
    const image: StoredImage = { url: mediaUrl(sha256, contentType), sha256, contentType, size: bytes.length };
    return inTransaction(this.pool, async (client) => {
      // One upload at a time: the budget check and the insert see every image committed before them.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('central_admin.media'))");
      const known = await client.query('SELECT 1 FROM central_admin.media WHERE sha256 = $1', [sha256]);
      if (known.rowCount) return { ...image, created: false };
      const stored = await client.query<{ total: string }>('SELECT coalesce(sum(size), 0) AS total FROM central_admin.media');
      checkMediaBudget(Number(stored.rows[0]!.total), bytes.length);
      const s = await stamp(client);
      await client.query(
        'INSERT INTO central_admin.media (sha256, content_type, bytes, size, version, created_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [sha256, contentType, Buffer.from(bytes), bytes.length, s.version, actor.name]);
      await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'media', id: sha256, ...s, entity: mediaEntity({ sha256, contentType, bytes }) })]);
      await recordAudit(client, actor, { action: 'upload', entityType: 'media', entityId: sha256, after: { url: image.url, contentType, size: bytes.length } });
      return { ...image, created: true };
    });
  }

  async find(sha256: string): Promise<{ contentType: string; bytes: Buffer } | null> {
    const r = await this.pool.query<{ content_type: string; bytes: Buffer }>('SELECT content_type, bytes FROM central_admin.media WHERE sha256 = $1', [sha256]);
    const row = r.rows[0];
    return row ? { contentType: row.content_type, bytes: row.bytes } : null;
  }
}
