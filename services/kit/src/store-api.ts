import type { Express } from 'express';
import { expressRoutes, openApiDocument, type JsonSchema, type OpenApiAccess, type RouteDoc, type RouteTable } from './openapi.js';

/**
 * Who may call a route of the store's API:
 * - `lan`: anyone on the store LAN through the gateway, no pairing (kiosks, pickup board, status page);
 * - `staffPin`: anyone on the LAN who knows the staff PIN, sent in the body (throttled by the PIN guard);
 * - `pairedScreen`: a paired staff screen (kitchen display or counter) with its bearer token;
 * - `counter` / `kitchen`: a paired screen of that role;
 * - `internal`: box-internal, for the box's own services and tools (the gateway routes no `/internal` path).
 */
export type StoreAccess = 'lan' | 'staffPin' | 'pairedScreen' | 'counter' | 'kitchen' | 'internal';

export interface StoreRouteDoc extends RouteDoc {
  access: StoreAccess;
  /** The manager PIN is also needed (in the body). */
  managerPin?: boolean;
}

const device = (who: string): OpenApiAccess => ({
  description: `Who: ${who}, with its token (Authorization: Bearer, from POST /api/devices/pair).`,
  security: [{ device: [] }],
  errors: { 401: 'unauthenticated: pair this screen first', 403: 'wrong_device_role' },
});
const storeAccess: Record<StoreAccess, OpenApiAccess> = {
  lan: { description: 'Who: anyone on the store LAN, through the gateway; no pairing.', security: [] },
  staffPin: { description: 'Who: anyone on the store LAN with the staff PIN (in the body; wrong PINs are throttled).', security: [], errors: { 401: 'invalid_pin', 429: 'too many wrong PINs' } },
  pairedScreen: device('a paired staff screen (kitchen display or counter)'),
  counter: device('a paired counter screen'),
  kitchen: device('a paired kitchen display'),
  internal: { description: 'Who: box-internal (the box\'s own services and tools); the gateway does not route it.', security: [] },
};

function accessOf(route: StoreRouteDoc): OpenApiAccess {
  const base = storeAccess[route.access];
  if (!route.managerPin) return base;
  return { ...base, description: `${base.description} Also needs the manager PIN (in the body).`, errors: { ...base.errors, 403: `${base.errors?.[403] ? `${base.errors[403]} or ` : ''}manager_pin_required` } };
}

const version = process.env.APP_VERSION ?? '0.1.0';
const description = [
  'The store box\'s HTTP API behind its gateway: kiosk ordering, receipts, the counter, the kitchen display, the pickup board, paired screens and the sync status page.',
  'Money in integer minor units. Paths under /internal are box-internal (x-service says which service answers them).',
  'Every service also answers GET /health, GET /metrics and GET /internal/openapi.json (its own part of this document), left out here.',
].join(' ');

/** The store's document of `routes`; each operation says which service answers it (`x-service`). */
export function storeOpenApiDocument(routes: readonly StoreRouteDoc[], opts: { service?: string } = {}): JsonSchema {
  return openApiDocument(routes, {
    title: 'Kiosk store API', version, description,
    securitySchemes: { device: { type: 'http', scheme: 'bearer', description: 'A paired screen\'s token (POST /api/devices/pair with the staff PIN).' } },
    access: accessOf,
    ...(opts.service ? { operationExtras: { 'x-service': opts.service } } : {}),
  });
}

/** What the store's merged document is made of: the parts' paths and tags, one per service. */
export function mergeOpenApiParts(base: JsonSchema, parts: readonly JsonSchema[]): JsonSchema {
  const paths = { ...(base.paths as Record<string, Record<string, unknown>>) };
  for (const part of parts) {
    for (const [path, ops] of Object.entries((part.paths ?? {}) as Record<string, Record<string, unknown>>)) paths[path] = { ...paths[path], ...ops };
  }
  return { ...base, paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))) };
}

/**
 * `GET /internal/openapi.json`: this service's part of the store document, which the sync service merges into
 * the whole one (`GET /api/openapi.json` at the gateway). Also `served`: every `/api`, `/internal` and `/media`
 * route express actually serves in this process, so a test (or an operator) can check none is undocumented.
 */
export function mountOpenApiPart(app: Express, table: RouteTable<StoreRouteDoc>, opts: { service: string }): void {
  app.get('/internal/openapi.json', (_req, res) => {
    const served = expressRoutes(app).filter((r) => /^[a-z]+ \/(api|internal|media)\//.test(r) && r !== 'get /internal/openapi.json');
    res.json({ ...storeOpenApiDocument(table.routes, opts), 'x-served': served });
  });
}
