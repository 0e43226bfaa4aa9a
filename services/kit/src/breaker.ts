import CircuitBreaker from 'opossum';
import type { Logger } from './logger.js';
import { prom, type Metrics } from './metrics.js';

const states = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Wraps a call to a dependency that may be down (Redis, a payment terminal, central) in an opossum breaker, so
 * a dead dependency costs a fast failure instead of a timeout per request. State is exported as
 * `circuit_breaker_state{breaker}` (0 closed, 1 half-open, 2 open).
 */
export function breaker<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => Promise<R>,
  deps: { logger: Logger; metrics: Metrics },
  options: CircuitBreaker.Options = {},
): CircuitBreaker<A, R> {
  const b = new CircuitBreaker(fn, { timeout: 2_000, errorThresholdPercentage: 50, resetTimeout: 5_000, volumeThreshold: 3, name, ...options });
  const gauge = stateGauge(deps.metrics);
  gauge.set({ breaker: name }, states.closed);
  b.on('open', () => { gauge.set({ breaker: name }, states.open); deps.logger.warn('breaker open', { breaker: name }); });
  b.on('halfOpen', () => gauge.set({ breaker: name }, states.halfOpen));
  b.on('close', () => { gauge.set({ breaker: name }, states.closed); deps.logger.info('breaker closed', { breaker: name }); });
  return b;
}

function stateGauge(metrics: Metrics): prom.Gauge<'breaker'> {
  const existing = metrics.registry.getSingleMetric('circuit_breaker_state');
  if (existing) return existing as prom.Gauge<'breaker'>;
  return new prom.Gauge({ name: 'circuit_breaker_state', help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open', labelNames: ['breaker'], registers: [metrics.registry] });
}
