import { z } from 'zod';
import { ConfigError } from './errors.js';
import { storeIdPattern } from '@kiosk/contracts';

/** Variables every service reads. Services extend this with their own (`baseConfig.extend({...})`). */
export const baseConfig = z.object({
  SERVICE_NAME: z.string().min(1),
  STORE_ID: z.string().regex(storeIdPattern, 'lower-case letters, digits and dashes'),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  DATABASE_URL: z.url(),
  NATS_URL: z.string().min(1),
  REDIS_URL: z.url().optional(),
  /** Seconds to wait for in-flight work on SIGTERM before giving up. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
});
export type BaseConfig = z.infer<typeof baseConfig>;

/**
 * Reads and validates the environment once at boot. Every bad variable is listed in one error, so a broken
 * deployment is fixed in one pass rather than one variable per restart.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): Readonly<z.infer<S>> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return Object.freeze(parsed.data);
}
