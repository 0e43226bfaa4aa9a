import { openApiDocument as documentOf } from '@kiosk/kit';
import { access } from '../domain/access.js';
import type { Api, RouteSpec } from './api.js';

/** The OpenAPI 3.1 document of every route registered on `api`, from the zod schemas that validate them. */
export function openApiDocument(api: Api, version: string): Record<string, unknown> {
  // A report also answers text/csv (format=csv).
  const routes = api.routes.map((r) => (r.csv ? { ...r, produces: ['application/json', 'text/csv'] } : r));
  return documentOf(routes, {
    title: 'Kiosk central API',
    version,
    description: 'Central HQ: sign-in, people, tokens, audit, catalog, stores, orders, conflicts, reports. Money in integer minor units.',
    security: [{ session: [] }, { bearer: [] }],
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'kiosk_session', description: 'From POST /api/auth/login; writes also need X-CSRF-Token.' },
      bearer: { type: 'http', scheme: 'bearer', description: 'An API token an owner issued (POST /api/admin/tokens).' },
    },
    access: (spec: RouteSpec) => spec.access === 'public'
      ? { description: 'Roles: anyone.', security: [] }
      : { description: `Roles: ${(access[spec.access] as readonly string[]).join(', ')}.`, errors: { 401: 'unauthenticated', 403: 'forbidden (role) or csrf_failed' } },
  });
}

/** `GET /api/openapi.json`, registered last so it lists every route, itself included. */
export function openApiRoute(api: Api, version: string): void {
  api.route({ method: 'get', path: '/api/openapi.json', access: 'signedIn', tag: 'meta', summary: 'This document (OpenAPI 3.1)' }, async (_req, res) => {
    res.json(openApiDocument(api, version));
  });
}
