import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Server } from 'node:http';
import { z } from 'zod';
import { AppError } from './errors.js';
import { errorFields, type Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/**
 * An express app with the JSON body parser (bounded), request metrics and no `x-powered-by`. Add routes, then
 * call `finishHttpApp` to install the 404 and the one error handler.
 */
export function createHttpApp(opts: { metrics: Metrics; bodyLimit?: string }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestMetrics(opts.metrics));
  app.use(express.json({ limit: opts.bodyLimit ?? '64kb', strict: true }));
  app.get('/metrics', (_req, res, next) => {
    opts.metrics.registry.metrics().then((text) => res.type(opts.metrics.registry.contentType).send(text), next);
  });
  return app;
}

export function finishHttpApp(app: Express, logger: Logger): Express {
  app.use((req, _res, next) => next(new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler(logger));
  return app;
}

/** Parses a request part with a zod schema or throws 400 validation_failed listing every problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new AppError(400, 'validation_failed', 'the request is not valid', {
      issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return r.data;
}

function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The matched route pattern keeps label cardinality bounded (never the raw path with ids in it).
      const route = (req.route as { path?: string } | undefined)?.path;
      end({ method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status: String(res.statusCode) });
    });
    next();
  };
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = toAppError(err);
    // An AppError is an answer we chose (payment_timeout, catalog_unavailable): a warning without a stack.
    // Anything else is a bug or an outage nobody mapped: an error with its stack.
    if (e.status >= 500 && err instanceof AppError) logger.warn('request refused', { method: req.method, path: req.path, code: e.code, error: e.message });
    else if (e.status >= 500) logger.error('request failed', { method: req.method, path: req.path, code: e.code, ...errorFields(err) });
    if (res.headersSent) return;
    const retryAfter = (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if ((e.status === 429 || e.status === 503) && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } });
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError(400, 'invalid_json', 'the body is not valid JSON');
  if (type === 'entity.too.large') return new AppError(413, 'payload_too_large', 'the body is too large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new AppError(415, 'unsupported_encoding', 'send UTF-8 JSON');
  const status = (err as { status?: number } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError(status, 'bad_request', 'the request is not valid');
  return new AppError(500, 'internal', 'something went wrong on the store server', undefined, { cause: err });
}

/** Starts listening; resolves once bound (port 0 picks a free port). */
export function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.keepAliveTimeout = 65_000;
  });
}
