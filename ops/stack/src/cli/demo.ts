/**
 * `make demo`: starts central (3-node NATS hub, Postgres, central-ingest, central-admin, gateway :8000) and
 * store boxes s1 and s2 natively with the demo ports (gateways :8001, :8002), each store a leaf node of the
 * hub, data kept in .data/ between runs; seeds the demo menu and prints the URLs. Ctrl-C stops everything.
 */
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hostname, networkInterfaces } from 'node:os';
import {
  centralHighestSequence, decodeQuotedPrintable, demoCentralPorts, replacementEnv, storeBusinessDay, demoOwner, demoPorts, repoRoot, startAlertmanager, startCentral, startPrometheus, startSmtpReceiver, startStoreBox,
  startWebhookReceiver, type AlertmanagerServer, type AlertRouting, type Central, type PrometheusServer, type StoreBox,
} from '../index.js';

/** Clear of a Prometheus / Alertmanager the machine may already run on 9090 / 9093. */
const demoPrometheusPort = 19090;
/** What a tablet on the LAN may call this machine: its name and IPv4 addresses, named in the boxes' certificates. */
const lanNames = [hostname(), ...Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address)];
const demoAlertmanagerPort = 19093;
/** The demo's local inbox (SMTP and chat webhook) when no real relay or webhook is given. */
const demoInboxPorts = { smtp: 19025, webhook: 19095 };
const stores = (process.env.DEMO_STORES ?? 's1,s2').split(',').map((s) => s.trim()).filter(Boolean);
/** `make replace-store STORE=s1`: that store's box is a new one, its data dir wiped and provisioned from central. */
const replaceStore = process.env.DEMO_REPLACE_STORE?.trim() || null;
if (replaceStore && !stores.includes(replaceStore)) throw new Error(`DEMO_REPLACE_STORE=${replaceStore} is not one of the demo's stores (${stores.join(', ')})`);
/** `DEMO_ONE_PROCESS=1`: each store box runs its services in one Node process (monolithic mode, services/box). */
const oneProcess = process.env.DEMO_ONE_PROCESS === '1';
/** The order service's default; the demo boxes do not set STORE_TIME_ZONE, so their business day follows it. */
const demoStoreTimeZone = 'Asia/Jakarta';

/**
 * Wipes the store's data dir (as if its disk were gone) and asks central for the day's highest order sequence
 * of the store; the box then numbers past it (or from Z-001 when central could not answer) and takes its menu
 * and settings from central, not from the demo seed.
 */
async function provisionReplacement(central: Central, storeId: string): Promise<Record<string, string>> {
  rmSync(join(repoRoot, '.data', storeId), { recursive: true, force: true });
  const day = storeBusinessDay(new Date(), demoStoreTimeZone);
  const highest = await centralHighestSequence(central.databaseUrl, storeId, day);
  console.log(highest === null
    ? `replacing store ${storeId}: central did not answer, so today's (${day}) numbers start at Z-001`
    : `replacing store ${storeId}: central's highest order sequence today (${day}) is ${highest}; numbering continues in the next letter`);
  return replacementEnv(day, highest);
}

async function main() {
  const boxes: StoreBox[] = [];
  let central: Central | null = null;
  let prometheus: PrometheusServer | null = null;
  let alertmanager: AlertmanagerServer | null = null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    await prometheus?.stop();
    await alertmanager?.stop();
    await Promise.all(boxes.map((b) => b.stop()));
    await central?.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  console.log('starting central (3 NATS nodes, Postgres, ingest, admin)...');
  central = await startCentral({ stores, baseDir: join(repoRoot, '.data', 'central'), ports: demoCentralPorts(), backup: true,
    // The fleet view's alerts come from the demo's Prometheus (started below, on its fixed port).
    env: { PROMETHEUS_URL: `http://127.0.0.1:${demoPrometheusPort}` } });
  const hub = central.hub;
  for (const [i, storeId] of stores.entries()) {
    const n = Number(storeId.replace(/\D/g, '')) || i + 1;
    const replacing = storeId === replaceStore;
    const replacement = replacing ? await provisionReplacement(central, storeId) : {};
    console.log(`starting store ${storeId}...`);
    boxes.push(await startStoreBox({
      storeId, baseDir: join(repoRoot, '.data', storeId), keepData: true, ports: demoPorts(n), seed: !replacing,
      env: { PAYMENT_SIM_DELAY_MS: '1500', ...replacement }, hub: hub.leafFor(storeId), heartbeatMs: 5000, tlsNames: lanNames, oneProcess,
    }));
  }
  for (const box of boxes) {
    const g = box.gatewayUrl.replace('127.0.0.1', 'localhost');
    console.log(`
store ${box.storeId} is up (logs: ${join(box.baseDir, 'logs')})
  kiosk          ${g}/kiosk/
  kiosk (HTTPS)  ${box.gatewayHttpsUrl}/kiosk/   (the box's CA and the tablet enrollment guide: ${g}/ca/)
  kitchen        ${g}/kitchen/      (pair with staff PIN 1234; manager PIN 4321)
  pickup board   ${g}/pickup/
  menu API       ${g}/api/catalog
  health         ${g}/health
  place an order from a shell:  bash ops/demo-order.sh ${g}
  cut / restore its internet link: make link-down STORE=${box.storeId} / make link-up STORE=${box.storeId}`);
  }
  // Central's Prometheus scrapes central only, as in production (stores are behind their own NAT): the fleet
  // exporter's per-store series come from the stores' heartbeats. The alert rules are ops/prometheus's.
  const inbox = await demoAlertInbox();
  alertmanager = await startAlertmanager({ baseDir: join(repoRoot, '.data', 'alertmanager'), port: demoAlertmanagerPort, routing: inbox.routing });
  prometheus = await startPrometheus({
    targets: central.metricsTargets, baseDir: join(repoRoot, '.data', 'prometheus'), port: demoPrometheusPort, alertmanagers: [alertmanager.address],
  });
  const c = central.gatewayUrl.replace('127.0.0.1', 'localhost');
  console.log(`
central is up (logs: ${join(repoRoot, '.data', 'central', 'logs')})
  admin app (sign in)            ${c}/admin/
  demo account                   user ${demoOwner.username} / password ${demoOwner.password} (owner; demo only: refused elsewhere)
  API (signed in)                ${c}/api/stores, ${c}/api/conflicts, ${c}/api/reports/sales, ${c}/api/orders/<globalId>
  API description                ${c}/api/openapi.json
  sign in from a shell           curl -c jar -H 'content-type: application/json' -d '{"username":"owner","password":"owner-demo"}' ${c}/api/auth/login
  fleet metrics (per store)      ${central.fleetUrl.replace('127.0.0.1', 'localhost')}/metrics
  Prometheus (alerts: /alerts)   ${prometheus.url.replace('127.0.0.1', 'localhost')}/graph?g0.expr=kiosk_store_up
  Alertmanager (silences)        ${alertmanager.url.replace('127.0.0.1', 'localhost')}/
  notifications                  ${inbox.where}
  backups (pgBackRest)           make backup / make backup-info; stop the demo, then make restore TARGET_TIME='<time>'`);
  console.log('\nCtrl-C stops everything.');
}

/**
 * Where the demo's notifications go: ALERT_SMTP_SMARTHOST / ALERT_WEBHOOK_URL (and the ALERT_EMAIL_* addresses)
 * when given; otherwise a local inbox that writes each e-mail and chat message to .data/alertmanager/inbox.log.
 */
async function demoAlertInbox(): Promise<{ routing: AlertRouting; where: string }> {
  const env = process.env;
  const emails = { emailFrom: env.ALERT_EMAIL_FROM ?? 'alerts@kiosk.demo', emailStoreIt: env.ALERT_EMAIL_STORE_IT ?? 'store-it@kiosk.demo', emailPlatform: env.ALERT_EMAIL_PLATFORM ?? 'platform@kiosk.demo' };
  // Short waits, so a `make link-down` shows up in the inbox within seconds of its alert.
  const timing = { groupWait: '10s', groupInterval: '1m', repeatInterval: '1h' };
  if (env.ALERT_SMTP_SMARTHOST && env.ALERT_WEBHOOK_URL) {
    return { routing: { smtpSmarthost: env.ALERT_SMTP_SMARTHOST, webhookUrl: env.ALERT_WEBHOOK_URL, ...emails, ...timing }, where: `${env.ALERT_SMTP_SMARTHOST} and ${env.ALERT_WEBHOOK_URL}` };
  }
  const dir = join(repoRoot, '.data', 'alertmanager');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'inbox.log');
  const note = (line: string) => appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
  await startSmtpReceiver(demoInboxPorts.smtp, (m) => note(`e-mail to ${m.to.join(', ')}: ${/^Subject: (.*)$/m.exec(decodeQuotedPrintable(m.data))?.[1] ?? '(no subject)'}`));
  await startWebhookReceiver(demoInboxPorts.webhook, (h) => note(`chat ${h.path}: ${h.body.status} ${h.body.alerts.map((a) => `${a.labels.alertname}${a.labels.store ? `{store=${a.labels.store}}` : ''} -> ${a.labels.runbook}`).join(', ')}`));
  return {
    routing: { smtpSmarthost: `127.0.0.1:${demoInboxPorts.smtp}`, webhookUrl: `http://127.0.0.1:${demoInboxPorts.webhook}`, ...emails, ...timing },
    where: `${file} (set ALERT_SMTP_SMARTHOST and ALERT_WEBHOOK_URL for real ones)`,
  };
}

main().catch(async (err: unknown) => {
  console.error('demo failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
