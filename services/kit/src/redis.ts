import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * Redis is a cache and a fan-out bus here, never a source of truth: commands fail fast while it is down
 * (no offline queue), so a request falls back to Postgres instead of hanging, and ioredis keeps reconnecting.
 */
export function connectRedis(url: string, logger: Logger, opts: { name: string }): Redis {
  const redis = new Redis(url, {
    connectionName: opts.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.warn('redis unavailable', { err: err.message });
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis back');
    down = false;
  });
  return redis;
}
export type { Redis };
