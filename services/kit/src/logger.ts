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
export function errorFields(err: unknown): { error: string; stack?: string } {
  const shown = driverError(err);
  if (shown instanceof Error) return { error: shown.message, ...(shown.stack ? { stack: shown.stack } : {}) };
  return { error: String(shown) };
}

/**
 * Drizzle wraps a failed query in an error whose message is the query and every parameter (a batch of orders,
 * customers' names included): the driver's error it holds as its cause says what went wrong, in one line.
 */
function driverError(err: unknown): unknown {
  const wrapped = err instanceof Error && 'query' in err && 'params' in err && err.cause instanceof Error;
  return wrapped ? err.cause : err;
}
