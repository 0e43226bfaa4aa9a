import { z } from 'zod';
import { baseConfig } from '@kiosk/kit';

/** The catalog service's environment: the kit's variables plus its own, with defaults beside the parsing. */
export const catalogConfig = baseConfig.extend({
  /** How long a built catalog body stays in Redis; each version has its own key, so this only bounds memory. */
  CATALOG_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
});
export type CatalogConfig = z.infer<typeof catalogConfig>;
