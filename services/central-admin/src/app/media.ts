import { createHash } from 'node:crypto';
import { dbOf, inTransaction, type Pool } from '@kiosk/kit';
import { mediaUrl, type MediaType } from '@kiosk/contracts';
import { checkMediaBudget } from '../domain/media.js';
import { MediaRepo } from '../adapters/media.repo.js';
import type { Actor } from '../adapters/audit.repo.js';
import { CatalogTransaction } from './catalog.js';

export interface StoredImage { url: string; sha256: string; contentType: MediaType; size: number }

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Menu images. An upload is one catalog transaction: the image's row, its versioned change to every store (its own
 * subject, so the stream keeps each image) and the audit line. The same bytes again change nothing.
 */
export class MediaService {
  private readonly reads: MediaRepo;

  constructor(private readonly pool: Pool) {
    this.reads = new MediaRepo(dbOf(pool));
  }

  /** `created` is false when these bytes were already uploaded (same name, nothing written). */
  async save(bytes: Uint8Array, contentType: MediaType, actor: Actor): Promise<StoredImage & { created: boolean }> {
    const sha256 = sha256Of(bytes);
    const image: StoredImage = { url: mediaUrl(sha256, contentType), sha256, contentType, size: bytes.length };
    return inTransaction(this.pool, async (client) => {
      const repo = new MediaRepo(dbOf(client));
      await repo.lockUploads();
      if (await repo.exists(sha256)) return { ...image, created: false };
      checkMediaBudget(await repo.storedBytes(), bytes.length);
      const tx = new CatalogTransaction(client);
      const [stamp] = await tx.stamps(1);
      await repo.insert({ sha256, contentType, bytes: Buffer.from(bytes), size: bytes.length, version: stamp!.version, createdBy: actor.name });
      await tx.record([{ kind: 'media', id: sha256, stamp: stamp!, image: { sha256, contentType, bytes } }], actor,
        { action: 'upload', entityType: 'media', entityId: sha256, after: { url: image.url, contentType, size: bytes.length } });
      return { ...image, created: true };
    });
  }

  find(sha256: string) {
    return this.reads.find(sha256);
  }
}
