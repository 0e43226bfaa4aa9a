/**
 * `make test-compose` (run.sh starts the private engine and builds the images first): central from
 * docker-compose.central.yml and two store boxes from docker-compose.yml, projects s1 and s2, linked over TLS
 * with the credentials `make hub-config` renders; every check from outside, through published loopback ports.
 * s1 runs a container per service; s2 runs them in one (docker-compose.one-process.yml, monolithic mode), so
 * every proof on s2 holds for that mode too.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogToStore, freePort, loadOrCreateCredentials, repoRoot, residentMiB, signInToCentral, storeServices, type CentralApi } from '../src/index.js';
import { ComposeProject, StoreClient, docker, eventually, secret } from './compose-support.js';

const stores = ['s1', 's2'] as const;
/** The store box in monolithic mode. */
const oneProcess: StoreId = 's2';
type StoreId = (typeof stores)[number];
const work = process.env.COMPOSE_WORK ?? mkdtempSync(join(tmpdir(), 'compose-e2e-'));
/** The uid of the nats user in the kiosk/nats image: the hub's key and accounts are handed to it. */
const natsUid = 4222;
/** Services of central the test runs: Grafana, Prometheus and Alertmanager come from their vendors' registries. */
const centralServices = ['postgres', 'backup', 'nats-1', 'nats-2', 'nats-3', 'central-admin', 'central-ingest', 'central-fleet', 'gateway'];
const owner = { username: 'owner', password: secret() };
const timings: Record<string, number> = {};

async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const result = await fn();
  timings[what] = (Date.now() - t0) / 1000;
  console.log(`      ${what}: ${timings[what]!.toFixed(1)} s`);
  return result;
}

describe('docker compose: central and two store boxes, for real', function () {
  let central: ComposeProject;
  let centralUrl: string;
  let api: CentralApi;
  const box = {} as Record<StoreId, { project: ComposeProject; client: StoreClient }>;

  before(async function () {
    this.timeout(1_800_000);
    const hubDir = join(work, 'hub-config');
    mkdirSync(hubDir, { recursive: true });
    // What an operator runs at central: `make hub-config`, the stores' accounts, the hub's TLS and passwords.
    execFileSync('make', ['-s', 'hub-config', 'STORES=s1,s2', `OUT=${hubDir}`, 'HOST=hub.kiosk.test'], { cwd: repoRoot, stdio: 'pipe' });
    const creds = loadOrCreateCredentials(join(hubDir, 'secrets'), [...stores]);
    for (const dir of ['conf', 'tls']) {
      execFileSync('chown', ['-R', String(natsUid), join(hubDir, dir)]);
      for (const f of readdirSync(join(hubDir, dir))) chmodSync(join(hubDir, dir, f), f.endsWith('.key') ? 0o600 : 0o644);
    }
    await docker(['network', 'create', 'kiosk-test-wan']).catch(() => '');

    const centralPort = await freePort();
    centralUrl = `http://127.0.0.1:${centralPort}`;
    central = ComposeProject.central(work, {
      CENTRAL_STORES: stores.join(','), POSTGRES_PASSWORD: secret(), GRAFANA_ADMIN_PASSWORD: secret(),
      HUB_NATS_PASSWORD: creds.hub.password,
      CENTRAL_INGEST_NATS_PASSWORD: creds.services['central-ingest'].password,
      CENTRAL_ADMIN_NATS_PASSWORD: creds.services['central-admin'].password,
      CENTRAL_FLEET_NATS_PASSWORD: creds.services['central-fleet'].password,
      HUB_CONF_DIR: join(hubDir, 'conf'), HUB_TLS_DIR: join(hubDir, 'tls'),
      HUB_LEAF_BIND: '127.0.0.1', HUB_LEAF_PORT_1: String(await freePort()), HUB_LEAF_PORT_2: String(await freePort()), HUB_LEAF_PORT_3: String(await freePort()),
      CENTRAL_BIND: '127.0.0.1', CENTRAL_GATEWAY_PORT: String(centralPort),
      // Alertmanager is not started here, but the file names its settings.
      ALERT_SMTP_SMARTHOST: 'localhost:25', ALERT_EMAIL_FROM: 'a@kiosk.test', ALERT_EMAIL_STORE_IT: 'a@kiosk.test',
      ALERT_EMAIL_PLATFORM: 'a@kiosk.test', ALERT_WEBHOOK_URL: 'http://localhost:9/hook',
    });
    await timed('central: postgres healthy', () => central.up(['postgres']));
    // central-admin refuses to start until a user exists: the first owner, as the README says.
    await central.compose(['run', '--rm', '--no-deps', '-e', `CENTRAL_USER_PASSWORD=${owner.password}`, 'central-admin',
      'node', 'services/central-admin/dist/create-user.mjs', '--username', owner.username, '--role', 'owner']);
    await timed('central: every service healthy', () => central.up(centralServices));

    for (const id of stores) {
      const port = await freePort();
      const staffPin = '2580';
      const project = ComposeProject.store(work, id, {
        STORE_ID: id, POSTGRES_PASSWORD: secret(), REDIS_PASSWORD: secret(),
        CATALOG_DB_PASSWORD: secret(), ORDER_DB_PASSWORD: secret(), KITCHEN_DB_PASSWORD: secret(), SYNC_DB_PASSWORD: secret(), UPLINK_DB_PASSWORD: secret(),
        NATS_OPS_PASSWORD: secret(), NATS_CATALOG_PASSWORD: secret(), NATS_ORDER_PASSWORD: secret(), NATS_KITCHEN_PASSWORD: secret(),
        NATS_SYNC_PASSWORD: secret(), NATS_UPLINK_PASSWORD: secret(),
        HUB_LEAF_URL: `tls://${creds.stores[id]!.user}:${creds.stores[id]!.password}@hub.kiosk.test:7422`,
        HUB_CA_FILE: join(hubDir, 'tls', 'ca.pem'), UPLINK_CATALOG_SOURCE: catalogToStore(id),
        STAFF_PIN: staffPin, MANAGER_PIN: '9731',
        GATEWAY_BIND: '127.0.0.1', GATEWAY_PORT: String(port), GATEWAY_HTTPS_PORT: String(await freePort()),
      }, { oneProcess: id === oneProcess });
      box[id] = { project, client: new StoreClient(`http://127.0.0.1:${port}`, staffPin) };
    }
    await timed('stores s1 and s2: every service healthy', () => Promise.all(stores.map((id) => box[id].project.up())));
    // The demo menu, as the README's `--profile demo run --rm seed` (in production it comes from central).
    for (const id of stores) {
      await box[id].project.compose(['--profile', 'demo', 'run', '--rm', 'seed']);
      await eventually(`${id}'s menu`, async () => ((await box[id].client.catalog()).products.length > 0 ? true : undefined));
    }
    api = await signInToCentral(centralUrl, owner);
  });

  after(async function () {
    this.timeout(300_000);
    if (this.currentTest?.state === 'failed' || process.env.COMPOSE_LOGS === '1') {
      for (const p of [central, ...stores.map((id) => box[id]?.project)]) if (p) console.log(`--- ${p.name}\n${await p.logs()}`);
    }
    console.log(`      timings (s): ${JSON.stringify(timings)}`);
  });

  /** Waits until central has the order, from that store, exactly once. */
  async function atCentralOnce(id: StoreId, globalId: string): Promise<void> {
    await eventually(`order ${globalId} at central`, async () => {
      const res = await api(`/api/orders/${globalId}`);
      return res.status === 200 ? ((await res.json()) as { storeId: string }) : undefined;
    }, 120_000).then((order) => expect(order.storeId).to.equal(id));
    expect(await central.sql('central', `SELECT count(*) FROM central.orders WHERE global_id = '${globalId}'`)).to.equal('1');
  }

  it('takes an order on each store that reaches its kitchen display and central once', async function () {
    this.timeout(300_000);
    for (const id of stores) {
      const { client } = box[id];
      const globalId = await client.placeOrder();
      await eventually(`${id}'s ticket`, async () => ((await client.ticketIds()).has(globalId) ? true : undefined));
      await atCentralOnce(id, globalId);
      // The other store's kitchen never sees it.
      const other = stores.find((s) => s !== id)!;
      expect((await box[other].client.ticketIds()).has(globalId)).to.equal(false);
    }
  });

  it('runs s2\'s five services in one container (monolithic mode) in under 300 MiB resident', async function () {
    this.timeout(120_000);
    const containers = await box[oneProcess].project.containers();
    const services = containers.map((c) => c.service);
    for (const name of [...storeServices, 'uplink']) expect(services, `${name}'s own container`).to.not.include(name);
    const one = containers.find((c) => c.service === 'box');
    expect(one, 'the box container').to.not.equal(undefined);
    const mib = residentMiB(Number((await docker(['inspect', '-f', '{{.State.Pid}}', one!.id])).trim()));
    console.log(`      s2's box container: ${mib?.toFixed(0)} MiB resident`);
    expect(mib, 'the box process is running').to.be.a('number');
    expect(mib).to.be.below(300);
  });

  /** Places `n` orders on a store; each must be answered 201. */
  async function placeOrders(id: StoreId, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await box[id].client.placeOrder());
    return ids;
  }

  async function onKitchen(id: StoreId, globalIds: string[]): Promise<void> {
    await eventually(`${globalIds.length} tickets on ${id}'s kitchen display`, async () => {
      const tickets = await box[id].client.ticketIds();
      return globalIds.every((g) => tickets.has(g)) ? true : undefined;
    }, 120_000);
  }

  it("loses nothing when a store's NATS and Postgres containers are stopped and started", async function () {
    this.timeout(600_000);
    const { project, client } = box.s1;
    const before = await placeOrders('s1', 5);
    await project.compose(['stop', 'nats', 'postgres']);
    await timed('s1: NATS and Postgres started again, box healthy', async () => {
      await project.compose(['start', 'nats', 'postgres']);
      await project.up();
    });
    for (const g of before) expect((await client.order(g)).status, g).to.equal(200);
    const after = await eventually('an order after the restart', () => client.placeOrder(), 120_000);
    await onKitchen('s1', [...before, after]);
    for (const g of [...before, after]) await atCentralOnce('s1', g);
  });

  it("drains a store's backlog to central once its link is back (the hub's containers stopped and started)", async function () {
    this.timeout(600_000);
    await central.compose(['stop', 'nats-1', 'nats-2', 'nats-3']);
    // The store keeps taking and cooking orders with its link down.
    const offline = await placeOrders('s2', 5);
    await onKitchen('s2', offline);
    expect(await central.sql('central', `SELECT count(*) FROM central.orders WHERE global_id IN (${offline.map((g) => `'${g}'`).join(',')})`)).to.equal('0');
    await timed('hub back: every central service healthy', async () => {
      await central.compose(['start', 'nats-1', 'nats-2', 'nats-3']);
      // Central's services were unhealthy without their hub: they must recover by themselves (a probe after the
      // hub is back passes), then `up` finds every container as it should be.
      await central.healthy(centralServices, new Date());
      await central.up(centralServices);
    });
    await timed('hub back: the 5 offline orders at central', async () => {
      for (const g of offline) await atCentralOnce('s2', g);
    });
  });

  it('keeps the data in the volumes through `docker compose down` and `up`', async function () {
    this.timeout(600_000);
    const { project, client } = box.s1;
    const kept = await placeOrders('s1', 2);
    await onKitchen('s1', kept);
    await project.compose(['down']);
    await timed('s1: up again after down, healthy', () => project.up());
    for (const g of kept) expect((await client.order(g)).status, g).to.equal(200);
    await onKitchen('s1', kept);
    const next = await client.placeOrder();
    await onKitchen('s1', [next]);
    await atCentralOnce('s1', next);
  });

  it('runs every container as a user that is not root, on a read-only root filesystem', async function () {
    this.timeout(120_000);
    for (const project of [central, ...stores.map((id) => box[id].project)]) {
      for (const { id, service } of await project.containers()) {
        const [state, pid, readOnly] = (await docker(['inspect', '-f', '{{.State.Status}} {{.State.Pid}} {{.HostConfig.ReadonlyRootfs}}', id])).trim().split(' ');
        if (state !== 'running') continue;
        // The process's real uid as the kernel sees it (an image's USER could be a name that maps to 0).
        const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
        expect(uid, `${project.name}/${service} uid`).to.not.equal('0');
        expect(readOnly, `${project.name}/${service} read-only root`).to.equal('true');
      }
    }
  });

  it('upgrades a running store to a new image version: orders keep flowing, migrations run once', async function () {
    this.timeout(1_200_000);
    const { project, client } = box.s2;
    const migrations = () => project.sql('store', `SELECT string_agg(table_name || ':' || n, ',' ORDER BY table_name) FROM (
      SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM drizzle.%I', table_name), false, true, '')))[1]::text AS n
      FROM information_schema.tables WHERE table_schema = 'drizzle') t`);
    const before = await migrations();
    expect(before).to.match(/_migrations:\d/);
    // The new version as a registry would deliver it: the same images under the next tag.
    for (const name of ['services', 'gateway', 'postgres', 'redis', 'nats']) await docker(['tag', `kiosk/${name}:latest`, `kiosk/${name}:next`]);
    // A kiosk keeps ordering through the upgrade, posting an order again (same globalId) until it is taken.
    const taken: string[] = [];
    let upgrading = true;
    const kiosk = (async () => {
      while (upgrading) {
        taken.push(await client.placeOrder(300_000));
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    await timed('s2: upgraded to the next version, healthy', () => project.up([], { KIOSK_VERSION: 'next' }));
    upgrading = false;
    await kiosk;
    const images = (await project.compose(['ps', '--format', '{{.Image}}'], 60_000, { KIOSK_VERSION: 'next' })).trim().split('\n');
    expect(images.every((i) => i.endsWith(':next')), images.join(' ')).to.equal(true);
    expect(taken.length).to.be.above(0);
    await onKitchen('s2', taken);
    for (const g of taken) await atCentralOnce('s2', g);
    expect(await migrations()).to.equal(before);
  });
});
