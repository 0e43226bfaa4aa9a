import { z } from 'zod';

/** A staff or manager PIN: 4 to 12 digits. */
export const pinSetting = z.string().regex(/^\d{4,12}$/, '4 to 12 digits');

/** The PINs the demo and the tests use; a real store must never run with them. */
export const demoPins: readonly string[] = ['1234', '4321'];

/**
 * Production mode is NODE_ENV=production without DEMO_MODE=1 (the demo and the tests set it). There, a PIN
 * setting equal to a demo PIN is a configuration error: add this refinement to a service's config schema.
 */
export function refuseDemoPins(pinVariables: readonly string[]) {
  return (config: { NODE_ENV?: string; DEMO_MODE?: string } & Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (config.NODE_ENV !== 'production' || config.DEMO_MODE === '1') return;
    for (const name of pinVariables) {
      if (demoPins.includes(String(config[name]))) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is a demo PIN; choose another (or set DEMO_MODE=1 for a demo box)' });
      }
    }
  };
}
