import type { Express } from 'express';
import { mergeOpenApiParts, mountOpenApiPart, storeOpenApiDocument, unavailable, type JsonSchema, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';

/**
 * `GET /api/openapi.json` (the gateway routes it here): the whole store API. Each service describes its own routes
 * from its route table (`GET /internal/openapi.json`); services never import each other, so this one fetches the
 * other parts from the URLs it is configured with and merges them with its own, at each request (a few ms on the
 * box; the document then always matches the services actually running, whatever their versions).
 */
export function mountOpenApiRoutes(app: Express, table: RouteTable<StoreRouteDoc>, others: Record<string, string | undefined>): void {
  const { router, route } = table.router();
  app.use(router);
  route({ method: 'get', path: '/api/openapi.json', access: 'lan', tag: 'meta', summary: 'This document: the store API (OpenAPI 3.1), merged from every service\'s part' }, (_req, res, next) => {
    const configured = Object.entries(others).filter((e): e is [string, string] => Boolean(e[1]));
    Promise.all(configured.map(([name, url]) => part(name, url)))
      .then((parts) => {
        const missing = Object.keys(others).filter((name) => !others[name]);
        const doc = mergeOpenApiParts(storeOpenApiDocument(table.routes, { service: 'sync' }), parts);
        if (missing.length > 0) (doc.info as JsonSchema).description += ` Not configured here, so left out: the ${missing.join(' and ')} service's routes.`;
        res.set('cache-control', 'no-cache').json(doc);
      })
      .catch(next);
  });
  mountOpenApiPart(app, table, { service: 'sync' });
}

async function part(name: string, url: string): Promise<JsonSchema> {
  try {
    const res = await fetch(new URL('/internal/openapi.json', url), { signal: AbortSignal.timeout(2_500) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as JsonSchema;
  } catch (err) {
    throw unavailable('openapi_part_unavailable', `the ${name} service did not give its part of the document`, { service: name, error: (err as Error).message });
  }
}
