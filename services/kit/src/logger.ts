import { DrizzleQueryError } from 'drizzle-orm/errors';
import winston from 'winston';

export type Logger = winston.Logger;

/**
 * JSON lines on stdout with `service` and `storeId` on every line. Per-order logs carry `globalId` (see
 * `forOrder`), so `grep <globalId>` over every service's log follows one order from kiosk to kitchen.
 */
export function createLogger(opts: { service: string; storeId: string; level?: string }): Logger {
  return winston.createLogger({
    level: opts.level ?? 'info',
    defaultMeta: { service: opts.service, storeId: opts.storeId },
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}

/** A child logger whose every line names the order. */
export const forOrder = (logger: Logger, globalId: string): Logger => logger.child({ globalId });

/** Error fields for a log line (winston drops an Error's own properties when it sits in the metadata). */
export function errorFields(err: unknown): { error: string; stack?: string; query?: string } {
  // Drizzle's message repeats the statement's parameters (names, amounts): log Postgres's own words and the statement only.
  if (err instanceof DrizzleQueryError && err.cause) return { ...errorFields(err.cause), query: err.query };
  if (err instanceof Error) return { error: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  return { error: String(err) };
}
