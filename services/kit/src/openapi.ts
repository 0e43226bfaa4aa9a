import { Router, type Express, type RequestHandler } from 'express';
import { z } from 'zod';

/**
 * OpenAPI 3.1 documents generated from the zod schemas that validate each route: one generator for central's API
 * and the store's. What differs (who may call a route, the security schemes) the caller passes in.
 */
export type JsonSchema = Record<string, unknown>;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What the document says of one route. The schemas are the ones its handler parses with; none = nothing to say. */
export interface RouteDoc {
  method: HttpMethod;
  /** Express path (`/api/orders/:globalId`). */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body may be left out (the handler reads a missing one as `{}`). */
  optionalBody?: boolean;
  response?: z.ZodType;
  /** Status of the success answer (200 unless said). */
  status?: number;
  /** Media types of the success answer (default JSON); an `image/*` one is bytes, any other text. */
  produces?: string[];
  /** Media types of a raw request body (an upload), read as bytes instead of a JSON `body`. */
  consumes?: string[];
  /** The route's own refusals besides 400 and the guard's (e.g. 413, 415). */
  errors?: Record<number, string>;
}

/** Who may call a route, as the document says it. */
export interface OpenApiAccess {
  /** The operation's description: who may call it. */
  description: string;
  /** The operation's own security requirement ([] = none); left out = the document's. */
  security?: Record<string, string[]>[];
  /** The guard's refusals (401, 403) besides 400. */
  errors?: Record<number, string>;
}

export interface OpenApiOptions<R extends RouteDoc> {
  title: string;
  version: string;
  description: string;
  access(route: R): OpenApiAccess;
  securitySchemes?: Record<string, JsonSchema>;
  /** The document's default security requirement (none if left out). */
  security?: Record<string, string[]>[];
  /** Added to every operation (e.g. `x-service`: which service answers it). */
  operationExtras?: JsonSchema;
}

const schemaOf = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** The error body every service answers with (kit's error handler). */
export const openApiErrorSchema: JsonSchema = {
  type: 'object', required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
};
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** A body of this media type: bytes for images, a string for text. */
const binaryOr = (type: string): JsonSchema => (type.startsWith('image/') ? { type: 'string', contentMediaType: type } : { type: 'string' });

/** Express `:id` -> OpenAPI `{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(route: RouteDoc): JsonSchema[] {
  const from = (s: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!s) return [];
    const js = schemaOf(s, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(js.properties ?? {}).map(([name, schema]) => ({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema }));
  };
  const declared = [...from(route.params, 'path'), ...from(route.query, 'query')];
  // A path parameter no schema names is still a parameter (OpenAPI requires it): a string.
  const unnamed = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!).filter((n) => !declared.some((p) => p.in === 'path' && p.name === n));
  return [...declared, ...unnamed.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))];
}

/** One operation object: parameters, body and answers from the route's schemas, who may call it from `access`. */
export function openApiOperation<R extends RouteDoc>(route: R, opts: Pick<OpenApiOptions<R>, 'access' | 'operationExtras'>): JsonSchema {
  const status = String(route.status ?? 200);
  const content: JsonSchema = {};
  for (const type of route.produces ?? ['application/json']) {
    content[type] = type === 'application/json' ? (route.response ? { schema: schemaOf(route.response, 'output') } : {}) : { schema: binaryOr(type) };
  }
  const raw = route.consumes ? { requestBody: { required: true, content: Object.fromEntries(route.consumes.map((t) => [t, { schema: binaryOr(t) }])) } } : {};
  const who = opts.access(route);
  return {
    operationId: `${route.method}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    description: who.description,
    tags: [route.tag],
    ...(who.security ? { security: who.security } : {}),
    parameters: parameters(route),
    ...(route.body ? { requestBody: { required: !route.optionalBody, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } } : raw),
    responses: {
      [status]: status === '204' ? { description: 'done' } : { description: 'success', content },
      400: errorAnswer('validation_failed: the request is not valid'),
      ...Object.fromEntries(Object.entries({ ...who.errors, ...route.errors }).map(([code, description]) => [code, errorAnswer(description)])),
    },
    ...opts.operationExtras,
  };
}

/** The OpenAPI 3.1 document of `routes`. */
export function openApiDocument<R extends RouteDoc>(routes: readonly R[], opts: OpenApiOptions<R>): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) (paths[openApiPath(route.path)] ??= {})[route.method] = openApiOperation(route, opts);
  return {
    openapi: '3.1.0',
    info: { title: opts.title, version: opts.version, description: opts.description },
    servers: [{ url: '/' }],
    ...(opts.security ? { security: opts.security } : {}),
    components: {
      ...(opts.securitySchemes ? { securitySchemes: opts.securitySchemes } : {}),
      schemas: { Error: openApiErrorSchema },
    },
    paths,
  };
}

/**
 * A service's routes with what the document says of them. `router()` gives a fresh express Router whose `route`
 * mounts a handler and records its description in one call, so no route of it is served undocumented.
 */
export class RouteTable<R extends RouteDoc = RouteDoc> {
  readonly routes: R[] = [];

  router(): { router: Router; route(doc: R, ...handlers: RequestHandler[]): void } {
    const router = Router();
    return {
      router,
      route: (doc, ...handlers) => {
        this.routes.push(doc);
        router[doc.method](doc.path, ...handlers);
      },
    };
  }
}

/** Every `<method> <path>` an express app serves from a route (nested routers included), e.g. `post /api/orders`. */
export function expressRoutes(app: Express): string[] {
  const out: string[] = [];
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) for (const p of [layer.route.path].flat()) out.push(`${m} ${p}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(out)];
}
