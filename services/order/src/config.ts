import { z } from 'zod';
import { baseConfig } from '@kiosk/kit';

/** The order service's environment: the kit's variables plus the catalog upstream and the payment terminal. */
export const orderConfig = baseConfig.extend({
  /** The catalog service (its `GET /api/catalog` is the price book). */
  CATALOG_URL: z.url(),
  /** Fallback poll of the catalog when a "version live" message was missed (NATS down, service restarted). */
  CATALOG_POLL_MS: z.coerce.number().int().min(200).max(600_000).default(5_000),
  PAYMENT_TERMINAL: z.enum(['simulated']).default('simulated'),
  PAYMENT_SIM_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  /** How long a card authorisation may take (PIN entry included) before the kiosk gets 504 payment_timeout. */
  PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(50).max(300_000).default(30_000),
  /** The business day (and so the order numbering) follows the store's local date. */
  STORE_TIME_ZONE: z.string().default('Asia/Jakarta').refine(isTimeZone, 'an IANA time zone, e.g. Asia/Jakarta'),
  /** Pool size: 32 kiosks share it; each order holds a connection for about two round trips. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(16),
});
export type OrderConfig = z.infer<typeof orderConfig>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
