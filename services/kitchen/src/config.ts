import { z } from 'zod';
import { baseConfig } from '@kiosk/kit';

const pin = z.string().regex(/^\d{4,12}$/, '4 to 12 digits');

/** The kitchen service's environment: the kit's base variables plus the PINs and the late threshold. */
export const kitchenConfig = baseConfig.extend({
  /** Pairs a kitchen display (POST /api/devices/pair). */
  STAFF_PIN: pin.default('1234'),
  /** Cancels a ticket. */
  MANAGER_PIN: pin.default('4321'),
  /** A ticket whose prep (created -> ready) takes longer than this counts as late in /api/kitchen/stats. */
  KITCHEN_LATE_AFTER_SECONDS: z.coerce.number().int().min(30).max(24 * 3600).default(600),
});
export type KitchenConfig = z.infer<typeof kitchenConfig>;
