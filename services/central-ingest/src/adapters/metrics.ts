import { prom, type Metrics } from '@kiosk/kit';

/** What IT watches at central: orders committed per store, repeats dropped, conflicts, and each receipt's mark. */
export function ingestMetrics(metrics: Metrics) {
  const registers = [metrics.registry];
  return {
    orders: new prom.Counter({ name: 'central_orders_committed_total', help: 'Orders committed in central Postgres', labelNames: ['store'] as const, registers }),
    duplicates: new prom.Counter({ name: 'central_order_duplicates_total', help: 'Order events central already had (redeliveries)', labelNames: ['store'] as const, registers }),
    conflicts: new prom.Counter({ name: 'central_conflicts_total', help: 'Conflicts resolved or queued for review', labelNames: ['store'] as const, registers }),
    // Events refused because they name a store other than the stream's own (a forged or broken store).
    refused: new prom.Counter({ name: 'central_events_refused_total', help: 'Events refused because they claim a store other than the sending one', labelNames: ['store', 'kind'] as const, registers }),
    receiptSeq: new prom.Gauge({ name: 'central_receipt_committed_seq', help: 'Highest contiguous store-stream sequence committed centrally', labelNames: ['store', 'stream'] as const, registers }),
  };
}
export type IngestMetrics = ReturnType<typeof ingestMetrics>;
export type RefusedKind = 'order' | 'payment' | 'kitchen' | 'telemetry';
