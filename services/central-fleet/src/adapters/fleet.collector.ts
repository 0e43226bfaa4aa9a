import { prom, type Metrics } from '@kiosk/kit';
import { fleetMetrics, fleetSamples, type FleetMetric, type LatestBeat } from '../domain/fleet.js';

/**
 * Registers the per-store gauges on the service's registry. Their values are computed at scrape time from the
 * heartbeats held, so an age is the age now and a silent store turns unreachable without anyone writing to it.
 */
export function registerFleetMetrics(metrics: Metrics, d: { stores: string[]; latest: ReadonlyMap<string, LatestBeat>; staleSeconds: number }) {
  const registers = [metrics.registry];
  let samples: ReturnType<typeof fleetSamples> = [];
  // prom-client collects each metric on its own; one snapshot per scrape keeps the series consistent.
  let takenAt = 0;
  const snapshot = () => {
    if (Date.now() - takenAt > 100) {
      samples = fleetSamples(d.stores, d.latest, new Date(), d.staleSeconds);
      takenAt = Date.now();
    }
    return samples;
  };
  for (const [name, help] of Object.entries(fleetMetrics) as [FleetMetric, string][]) {
    const gauge: prom.Gauge<string> = new prom.Gauge({
      name, help, labelNames: name === 'kiosk_store_info' ? ['store', 'version'] : ['store'], registers,
      collect() {
        gauge.reset();
        for (const s of snapshot()) if (s.name === name) gauge.set(s.labels, s.value);
      },
    });
  }
  new prom.Gauge({ name: 'kiosk_fleet_stores', help: 'Stores configured in the fleet', registers }).set(d.stores.length);
}
