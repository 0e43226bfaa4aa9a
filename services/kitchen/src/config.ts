import { z } from 'zod';
import { baseConfig, pinSetting as pin, refuseDemoPins } from '@kiosk/kit';

/** The kitchen service's environment: the kit's base variables plus the PINs and the late threshold. */
export const kitchenConfig = baseConfig.extend({
  /** Pairs a kitchen display or counter (POST /api/devices/pair). */
  STAFF_PIN: pin.default('1234'),
  /** Cancels a ticket, revokes a device. */
  MANAGER_PIN: pin.default('4321'),
  /** `order`: every ticket goes to the rail at once; `payment`: an unpaid order's ticket waits until it is paid. */
  COOK_ON: z.enum(['order', 'payment']).default('order'),
  /** A ticket whose prep (created -> ready) takes longer than this counts as late in /api/kitchen/stats. */
  KITCHEN_LATE_AFTER_SECONDS: z.coerce.number().int().min(30).max(24 * 3600).default(600),
  /**
   * How often the tokens of displays connected over socket.io are checked again: an expired or revoked one is
   * dropped (revoking also drops at once), and a display in use keeps its token renewed.
   */
  KITCHEN_SOCKET_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * Served and cancelled tickets older than this many days go (daily) once the order service says their order is
   * old and confirmed by central. 0 = off. Needs ORDER_URL; empty = off.
   */
  RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  ORDER_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
}).superRefine(refuseDemoPins(['STAFF_PIN', 'MANAGER_PIN']));
export type KitchenConfig = z.infer<typeof kitchenConfig>;
