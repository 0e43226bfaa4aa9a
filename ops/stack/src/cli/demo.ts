/**
 * `make demo`: starts store box s1 natively with the demo ports (gateway :8001), data kept in .data/ between
 * runs, seeds the demo menu and prints the URLs. Ctrl-C stops every process cleanly.
 */
import { join } from 'node:path';
import { demoPorts, repoRoot, startStoreBox, type StoreBox } from '../index.js';

const stores = (process.env.DEMO_STORES ?? 's1').split(',').map((s) => s.trim()).filter(Boolean);

async function main() {
  const boxes: StoreBox[] = [];
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    await Promise.all(boxes.map((b) => b.stop()));
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  for (const [i, storeId] of stores.entries()) {
    const n = Number(storeId.replace(/\D/g, '')) || i + 1;
    console.log(`starting store ${storeId}...`);
    boxes.push(await startStoreBox({
      storeId, baseDir: join(repoRoot, '.data', storeId), keepData: true, ports: demoPorts(n),
      env: { PAYMENT_SIM_DELAY_MS: '1500' },
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
  place an order from a shell:  bash ops/demo-order.sh ${g}`);
  }
  console.log('\nCtrl-C stops everything.');
}

main().catch(async (err: unknown) => {
  console.error('demo failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
