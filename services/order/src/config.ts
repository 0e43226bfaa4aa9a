import { z } from 'zod';
import { baseConfig, diskGuardConfig, pinSetting, refuseDemoPins } from '@kiosk/kit';
import { simulatedOutcomes } from './adapters/simulated-terminal.js';

/** The order service's environment: the kit's variables plus the catalog upstream and the payment terminal. */
export const orderConfig = baseConfig.extend({
  /** The catalog service (its `GET /api/catalog` is the price book). */
  CATALOG_URL: z.url(),
  /** Fallback poll of the catalog when a "version live" message was missed (NATS down, service restarted). */
  CATALOG_POLL_MS: z.coerce.number().int().min(200).max(600_000).default(5_000),
  /** The card terminal adapter; `simulated` (demo and tests) is the only one so far. */
  PAYMENT_TERMINAL: z.enum(['simulated']).default('simulated'),
  /** What the simulated terminal answers (the kiosk's order has no say in it). */
  PAYMENT_SIM_OUTCOME: z.enum(simulatedOutcomes).default('approve'),
  /** The simulated terminal declines amounts above this (minor units); unset for no limit. */
  PAYMENT_SIM_DECLINE_ABOVE: z.coerce.number().int().min(0).optional(),
  /** The simulated terminal's acquirer (HTTP); unset: the terminal is its own acquirer, always reachable. */
  PAYMENT_SIM_ACQUIRER_URL: z.url().optional(),
  /** Pause between store-and-forward rounds while offline cards are pending or the acquirer is down. */
  OFFLINE_CARD_FORWARD_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(10_000),
  PAYMENT_SIM_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  /** 1 mounts the simulator's test-only control (PUT /internal/payment-simulator; the gateway never routes it). */
  PAYMENT_SIM_CONTROL: z.enum(['0', '1']).default('0'),
  /** How long an open terminal breaker waits before it probes its terminal again (half-open). */
  PAYMENT_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** How long a card authorisation may take (PIN entry included) before the kiosk gets 504 payment_timeout. */
  PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(50).max(300_000).default(30_000),
  /** The business day (and so the order numbering) follows the store's local date. */
  STORE_TIME_ZONE: z.string().default('Asia/Jakarta').refine(isTimeZone, 'an IANA time zone, e.g. Asia/Jakarta'),
  /** Cash at the counter is rounded to a multiple of this (IDR: 100, 500 or 1000; 1 = exact). */
  CASH_ROUNDING_UNIT: z.coerce.number().int().min(1).max(100_000).default(100),
  /** `down` rounds in the customer's favour; `nearest` rounds a half up. */
  CASH_ROUNDING_MODE: z.enum(['nearest', 'down', 'up']).default('down'),
  /** The store's static QRIS payload, shown as a QR code at the counter; empty = the store takes no QRIS. */
  QRIS_PAYLOAD: z.string().max(512).default(''),
  /** Whether the kitchen cooks on order or only once paid: read by the kitchen, shown by the counter. */
  COOK_ON: z.enum(['order', 'payment']).default('order'),
  /** Approves voids and refunds at the counter (checked through the store's one PIN throttle). */
  MANAGER_PIN: pinSetting.default('4321'),
  /** Pool size: 32 kiosks share it; each order holds a connection for about two round trips. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(16),
  /**
   * Set on a box that replaces a dead one (make replace-store, docs/runbook.md): the business day of the
   * replacement. On that day the box numbers past what the dead box may have handed out (see
   * REPLACED_AFTER_SEQUENCE); other days start at 1 as usual.
   */
  REPLACED_ON: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a business day, YYYY-MM-DD').optional(),
  /** Central's highest day sequence for this store on REPLACED_ON; unset when central could not be asked. */
  REPLACED_AFTER_SEQUENCE: z.coerce.number().int().min(0).optional(),
  /** Opens a kiosk's staff settings (POST /api/kiosk/staff-session); the same staff PIN as the kitchen's. */
  STAFF_PIN: pinSetting.default('1234'),
  /** Orders older than this many business days, once central's receipt covers them, are pruned (daily). 0 = off. */
  RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Below the refuse threshold on any DISK_PATHS, POST /api/orders answers 503 disk_full (the kiosk queues). */
  ...diskGuardConfig,
}).superRefine(refuseDemoPins(['STAFF_PIN', 'MANAGER_PIN']));
export type OrderConfig = z.infer<typeof orderConfig>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
