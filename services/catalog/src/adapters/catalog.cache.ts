import { breaker, type Logger, type Metrics, type Redis } from '@kiosk/kit';
import { prom } from '@kiosk/kit';

/**
 * The built catalog JSON in Redis, one key per store and version: a new version is a new key, so a reader can
 * never get a stale body for the version it asked about. Redis is only a cache: every failure is a miss, and
 * a breaker turns a dead Redis into an instant miss instead of a wait per request.
 */
export class CatalogCache {
  private readonly get: (key: string) => Promise<string | null>;
  private readonly lookups: prom.Counter<'result'>;

  constructor(private readonly redis: Redis | null, private readonly storeId: string, deps: { logger: Logger; metrics: Metrics }, private readonly ttlSeconds = 3_600) {
    const b = breaker('catalog-cache', (key: string) => this.redis!.get(key), deps, { timeout: 250 });
    this.get = (key) => b.fire(key);
    this.lookups = new prom.Counter({
      name: 'catalog_cache_lookups_total', help: 'GET /api/catalog cache lookups by result (hit, miss, error)',
      labelNames: ['result'], registers: [deps.metrics.registry],
    });
  }

  private key(version: number) {
    return `catalog:${this.storeId}:v${version}`;
  }

  /** The cached JSON body of `version`, or null on a miss or when Redis is unreachable. */
  async read(version: number): Promise<string | null> {
    if (!this.redis) return null;
    try {
      const body = await this.get(this.key(version));
      this.lookups.inc({ result: body === null ? 'miss' : 'hit' });
      return body;
    } catch {
      this.lookups.inc({ result: 'error' });
      return null;
    }
  }

  async write(version: number, body: string): Promise<void> {
    await this.redis?.set(this.key(version), body, 'EX', this.ttlSeconds).catch(() => undefined);
  }

  /** Drops the body of a version that was just superseded (the TTL collects whatever this misses). */
  async invalidate(version: number): Promise<void> {
    await this.redis?.del(this.key(version)).catch(() => undefined);
  }
}
