/**
 * `make demo`: starts central (3-node NATS hub, Postgres, central-ingest, central-admin, gateway :8000) and
 * store boxes s1 and s2 natively with the demo ports (gateways :8001, :8002), each store a leaf node of the
 * hub, data kept in .data/ between runs; seeds the demo menu and prints the URLs. Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { demoCentralPorts, demoPorts, repoRoot, startCentral, startPrometheus, startStoreBox, type Central, type PrometheusServer, type StoreBox } from '../index.js';

/** Clear of a Prometheus the machine may already run on 9090. */
const demoPrometheusPort = 19090;
const stores = (process.env.DEMO_STORES ?? 's1,s2').split(',').map((s) => s.trim()).filter(Boolean);

async function main() {
  const boxes: StoreBox[] = [];
  let central: Central | null = null;
  let prometheus: PrometheusServer | null = null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    await prometheus?.stop();
    await Promise.all(boxes.map((b) => b.stop()));
    await central?.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  console.log('starting central (3 NATS nodes, Postgres, ingest, admin)...');
  central = await startCentral({ stores, baseDir: join(repoRoot, '.data', 'central'), ports: demoCentralPorts() });
  const hub = central.hub;
  for (const [i, storeId] of stores.entries()) {
    const n = Number(storeId.replace(/\D/g, '')) || i + 1;
    console.log(`starting store ${storeId}...`);
    boxes.push(await startStoreBox({
      storeId, baseDir: join(repoRoot, '.data', storeId), keepData: true, ports: demoPorts(n),
      env: { PAYMENT_SIM_DELAY_MS: '1500' }, hub: hub.leafFor(storeId), heartbeatMs: 5000,
    }));
  }
  for (const box of boxes) {
    const g = box.gatewayUrl.replace('127.0.0.1', 'localhost');
    console.log(`
store ${box.storeId} is up (logs: ${join(box.baseDir, 'logs')})
  kiosk          ${g}/kiosk/
  kitchen        ${g}/kitchen/      (pair with staff PIN 1234; manager PIN 4321)
  pickup board   ${g}/pickup/
  menu API       ${g}/api/catalog
  health         ${g}/health
  place an order from a shell:  bash ops/demo-order.sh ${g}
  cut / restore its internet link: make link-down STORE=${box.storeId} / make link-up STORE=${box.storeId}`);
  }
  // Central's Prometheus scrapes central only, as in production (stores are behind their own NAT): the fleet
  // exporter's per-store series come from the stores' heartbeats. The alert rules are ops/prometheus's.
  prometheus = await startPrometheus({ targets: central.metricsTargets, baseDir: join(repoRoot, '.data', 'prometheus'), port: demoPrometheusPort });
  const c = central.gatewayUrl.replace('127.0.0.1', 'localhost');
  console.log(`
central is up (logs: ${join(repoRoot, '.data', 'central', 'logs')})
  stores and their sync status   ${c}/api/stores
  an order as central has it     ${c}/api/orders/<globalId>
  conflicts                      ${c}/api/conflicts
  fleet metrics (per store)      ${central.fleetUrl.replace('127.0.0.1', 'localhost')}/metrics
  Prometheus (alerts: /alerts)   ${prometheus.url.replace('127.0.0.1', 'localhost')}/graph?g0.expr=kiosk_store_up`);
  console.log('\nCtrl-C stops everything.');
}

main().catch(async (err: unknown) => {
  console.error('demo failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
