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
  /** `production` in images and on the native stack; with it, demo PINs are refused unless DEMO_MODE=1. */
  NODE_ENV: z.string().optional(),
  /** 1 on the demo and in tests: a box that may run with the demo PINs. */
  DEMO_MODE: z.enum(['0', '1']).default('0'),
  /**
   * Which peers may set X-Forwarded-For (express' `trust proxy`): the store gateway. `loopback` natively
   * (nginx on the same host); Compose sets the gateway's network.
   */
  TRUST_PROXY: z.string().min(1).default('loopback'),
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
