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

/**
 * What a durable consumer has not done yet, read from the server at scrape time (one consumer info request
 * each): messages not yet delivered, delivered but not acked, and redelivered ones (a poison message or a
 * handler that keeps failing shows up here first). A consumer or server that does not answer is left out.
 */
export function registerConsumerMetrics(metrics: Metrics, jsm: () => { consumers: { info(stream: string, consumer: string): Promise<ConsumerInfoLike> } } | null, watched: { stream: string; consumer: string }[]) {
  const registers = [metrics.registry];
  const labelNames = ['stream', 'consumer'] as const;
  const figures = [
    ['jetstream_consumer_pending_messages', 'Messages in the stream the consumer has not been delivered yet', (i: ConsumerInfoLike) => i.num_pending],
    ['jetstream_consumer_ack_pending_messages', 'Messages delivered to the consumer and not acknowledged yet', (i: ConsumerInfoLike) => i.num_ack_pending],
    ['jetstream_consumer_redelivered_messages', 'Messages the consumer has had delivered more than once and not acknowledged yet', (i: ConsumerInfoLike) => i.num_redelivered],
  ] as const;
  for (const [name, help, pick] of figures) {
    const gauge: client.Gauge<'stream' | 'consumer'> = new client.Gauge({
      name, help, labelNames, registers,
      async collect() {
        gauge.reset();
        const api = jsm();
        if (!api) return;
        for (const w of watched) {
          const info = await api.consumers.info(w.stream, w.consumer).catch(() => null);
          if (info) gauge.set(w, pick(info));
        }
      },
    });
  }
}

interface ConsumerInfoLike { num_pending: number; num_ack_pending: number; num_redelivered: number }
