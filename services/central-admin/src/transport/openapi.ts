import { z } from 'zod';
import { access } from '../domain/access.js';
import type { Api, RouteSpec } from './api.js';

type JsonSchema = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const errorBody: JsonSchema = {
  type: 'object', required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
};
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** Express `:id` -> OpenAPI `{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(spec: RouteSpec): JsonSchema[] {
  const from = (s: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!s) return [];
    const js = schemaOf(s, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(js.properties ?? {}).map(([name, schema]) => ({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema }));
  };
  return [...from(spec.params, 'path'), ...from(spec.query, 'query')];
}

function operation(spec: RouteSpec): JsonSchema {
  const status = String(spec.status ?? 200);
  const content: JsonSchema = spec.response ? { 'application/json': { schema: schemaOf(spec.response, 'output') } } : { 'application/json': {} };
  if (spec.csv) content['text/csv'] = { schema: { type: 'string' } };
  const roles = spec.access === 'public' ? 'anyone' : (access[spec.access] as readonly string[]).join(', ');
  return {
    operationId: `${spec.method}${openApiPath(spec.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: spec.summary,
    description: `Roles: ${roles}.`,
    tags: [spec.tag],
    ...(spec.access === 'public' ? { security: [] } : {}),
    parameters: parameters(spec),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } } } : {}),
    responses: {
      [status]: status === '204' ? { description: 'done' } : { description: 'success', content },
      400: errorAnswer('validation_failed: the request is not valid'),
      ...(spec.access === 'public' ? {} : { 401: errorAnswer('unauthenticated'), 403: errorAnswer('forbidden (role) or csrf_failed') }),
    },
  };
}

/** The OpenAPI 3.1 document of every route registered on `api`, from the zod schemas that validate them. */
export function openApiDocument(api: Api, version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of api.routes) (paths[openApiPath(spec.path)] ??= {})[spec.method] = operation(spec);
  return {
    openapi: '3.1.0',
    info: { title: 'Kiosk central API', version, description: 'Central HQ: sign-in, people, tokens, audit, catalog, stores, orders, conflicts, reports. Money in integer minor units.' },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'kiosk_session', description: 'From POST /api/auth/login; writes also need X-CSRF-Token.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token an owner issued (POST /api/admin/tokens).' },
      },
      schemas: { Error: errorBody },
    },
    paths,
  };
}

/** `GET /api/openapi.json`, registered last so it lists every route, itself included. */
export function openApiRoute(api: Api, version: string): void {
  api.route({ method: 'get', path: '/api/openapi.json', access: 'signedIn', tag: 'meta', summary: 'This document (OpenAPI 3.1)' }, async (_req, res) => {
    res.json(openApiDocument(api, version));
  });
}
