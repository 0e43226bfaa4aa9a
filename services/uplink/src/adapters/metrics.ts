import { prom, type Metrics } from '@kiosk/kit';

/**
 * What IT watches per store: events forwarded to central, repeats central dropped, and the backlog. The backlog
 * (`pendingByStream`) is read when /metrics is scraped, not on a timer: three consumer lookups per scrape and
 * none while nobody watches. Null (NATS not up yet, or not answering) keeps the last figures.
 */
export function uplinkMetrics(metrics: Metrics, pendingByStream: () => Promise<Record<string, number> | null>) {
  const registers = [metrics.registry];
  return {
    forwarded: new prom.Counter({ name: 'uplink_forwarded_total', help: 'Store events acknowledged by central', labelNames: ['stream'] as const, registers }),
    duplicates: new prom.Counter({ name: 'uplink_duplicates_total', help: 'Forwarded events central already had (dropped by its dedupe)', labelNames: ['stream'] as const, registers }),
    sourceRestarts: new prom.Counter({ name: 'uplink_source_restarts_total', help: 'Times a silent source from central (catalog, receipts) was restarted', labelNames: ['stream'] as const, registers }),
    pending: new prom.Gauge({
      name: 'uplink_pending_events', help: 'Store events not yet acknowledged by central', labelNames: ['stream'] as const, registers,
      async collect() {
        const byStream = await pendingByStream().catch(() => null);
        for (const [stream, n] of Object.entries(byStream ?? {})) this.set({ stream }, n);
      },
    }),
  };
}
export type UplinkMetrics = ReturnType<typeof uplinkMetrics>;
