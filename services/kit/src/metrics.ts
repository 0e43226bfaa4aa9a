import client from 'prom-client';

/**
 * One registry per service process, with the process metrics and the HTTP histogram every service exposes.
 * Names follow Prometheus conventions (units in names, `_total` counters).
 */
export function createMetrics(service: string, storeId: string) {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service, store: storeId });
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, httpDuration };
}
export type Metrics = ReturnType<typeof createMetrics>;
export { client as prom };
