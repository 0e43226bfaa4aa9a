import { prom, type Metrics } from '@kiosk/kit';
import { fleetMetrics, fleetSamples, type FleetMetric, type LatestBeat } from '../domain/fleet.js';

/**
 * Registers the per-store gauges on the service's registry. Their values are computed at scrape time from the
 * heartbeats held, so an age is the age now and a silent store turns unreachable without anyone writing to it.
 */
export function registerFleetMetrics(metrics: Metrics, deps: { stores: string[]; latest: ReadonlyMap<string, LatestBeat>; staleSeconds: number }) {
  const registers = [metrics.registry];
  let samples: ReturnType<typeof fleetSamples> = [];
  // prom-client collects each metric on its own; one snapshot per scrape keeps the series consistent.
  let takenAt = 0;
  const snapshot = () => {
    if (Date.now() - takenAt > 100) {
      samples = fleetSamples(deps.stores, deps.latest, new Date(), deps.staleSeconds);
      takenAt = Date.now();
    }
    return samples;
  };
  for (const [name, help] of Object.entries(fleetMetrics) as [FleetMetric, string][]) {
    const labelNames = name === 'kiosk_store_info' ? ['store', 'version'] : ['store'];
    const current = () => snapshot().filter((s) => s.name === name);
    if (name.endsWith('_total')) {
      // A store's own counter, reported in its heartbeat: exposed as a counter (it resets when the store's
      // uplink restarts, which rate() and increase() handle).
      const counter: prom.Counter<string> = new prom.Counter({
        name, help, labelNames, registers,
        collect() {
          counter.reset();
          for (const s of current()) counter.inc(s.labels, s.value);
        },
      });
    } else {
      const gauge: prom.Gauge<string> = new prom.Gauge({
        name, help, labelNames, registers,
        collect() {
          gauge.reset();
          for (const s of current()) gauge.set(s.labels, s.value);
        },
      });
    }
  }
  const stores: prom.Gauge = new prom.Gauge({ name: 'kiosk_fleet_stores', help: 'Stores configured in the fleet', registers, collect() { stores.set(deps.stores.length); } });
}
