/**
 * `make demo`: starts central's NATS hub and store boxes s1 and s2 natively with the demo ports (gateways
 * :8001, :8002), each store a leaf node of the hub, data kept in .data/ between runs; seeds the demo menu and
 * prints the URLs. Ctrl-C stops every process cleanly.
 */
import { join } from 'node:path';
import { demoHubPorts, demoPorts, repoRoot, startCentralHub, startStoreBox, type CentralHub, type StoreBox } from '../index.js';

const stores = (process.env.DEMO_STORES ?? 's1,s2').split(',').map((s) => s.trim()).filter(Boolean);

async function main() {
  const boxes: StoreBox[] = [];
  let hub: CentralHub | null = null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    await Promise.all(boxes.map((b) => b.stop()));
    await hub?.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  console.log('starting central hub (3 NATS nodes)...');
  hub = await startCentralHub({ stores, baseDir: join(repoRoot, '.data', 'central'), ports: demoHubPorts() });
  for (const [i, storeId] of stores.entries()) {
    const n = Number(storeId.replace(/\D/g, '')) || i + 1;
    console.log(`starting store ${storeId}...`);
    boxes.push(await startStoreBox({
      storeId, baseDir: join(repoRoot, '.data', storeId), keepData: true, ports: demoPorts(n),
      env: { PAYMENT_SIM_DELAY_MS: '1500' }, hub: hub.leafFor(storeId),
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
  console.log('\nCtrl-C stops everything.');
}

main().catch(async (err: unknown) => {
  console.error('demo failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
