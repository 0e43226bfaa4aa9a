import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { jetstreamManager } from '@nats-io/jetstream';
import { fromBinary, pb, streams, subjects } from '@kiosk/contracts';
import {
  exposedMetricNames, findBin, freePort, linkDown, linkUp, metricNamesIn, opsDir, prometheusDir, startCentral, startPrometheus, startStoreBox,
  type Central, type MetricsTarget, type PrometheusServer, type StoreBox,
} from '../src/index.js';
import { client, until } from './link-support.js';
import { placeOrder, storeCatalog } from './central-support.js';

const isDeep = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => join(dir, f));
const ruleFiles = yamlFiles(join(prometheusDir, 'rules'));
const ruleTestFiles = yamlFiles(join(prometheusDir, 'tests'));
const dashboardDir = join(opsDir, 'grafana/dashboards');
const dashboardFiles = readdirSync(dashboardDir).filter((f) => f.endsWith('.json')).map((f) => join(dashboardDir, f));

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
const rules = (): Rule[] => ruleFiles.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));

/** promtool's exit status and everything it printed. */
function promtool(args: string[], input?: string): { status: number | null; out: string } {
  const r = spawnSync(findBin('promtool'), args, { input, encoding: 'utf8', cwd: prometheusDir });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Every PromQL expression a dashboard runs: panel queries, and the metric of a `label_values(metric, label)` variable. */
function dashboardExprs(node: unknown, where: string, out: { where: string; expr: string }[] = []): { where: string; expr: string }[] {
  if (Array.isArray(node)) node.forEach((n, i) => dashboardExprs(n, `${where}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'expr' && typeof v === 'string') out.push({ where, expr: v });
      else if (k === 'definition' && typeof v === 'string') out.push({ where, expr: /^label_values\(([^,)]+)/.exec(v)?.[1] ?? v });
      else dashboardExprs(v, `${where}.${k}`, out);
    }
  }
  return out;
}

const allExprs = () => [
  ...rules().map((r) => ({ where: `rule ${r.alert ?? r.record}`, expr: r.expr })),
  ...dashboardFiles.flatMap((f) => dashboardExprs(JSON.parse(readFileSync(f, 'utf8')), f.slice(opsDir.length + 1))),
];

describe('observability: the alert rules and the dashboards', () => {
  it('promtool accepts the alert rules and passes their unit tests', () => {
    const check = promtool(['check', 'rules', ...ruleFiles]);
    expect(check.status, check.out).to.equal(0);
    const tests = promtool(['test', 'rules', ...ruleTestFiles]);
    expect(tests.status, tests.out).to.equal(0);
  });

  it('tests every alert both firing and quiet', () => {
    const cases = ruleTestFiles.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[] })
      .tests.flatMap((t) => t.alert_rule_test ?? []));
    for (const alert of rules().filter((r) => r.alert).map((r) => r.alert!)) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(mine.some((c) => (c.exp_alerts ?? []).length > 0), `${alert} firing`).to.equal(true);
      expect(mine.some((c) => (c.exp_alerts ?? []).length === 0), `${alert} quiet`).to.equal(true);
    }
  });

  it('gives each alert a severity, a team, a wait, and a summary, description and action; a store alert names the store', () => {
    for (const r of rules().filter((x) => x.alert)) {
      expect(r.labels?.severity, r.alert).to.be.oneOf(['warning', 'critical']);
      expect(r.labels?.team, r.alert).to.be.a('string');
      expect(r.for, r.alert).to.match(/^\d+[smh]$/);
      for (const a of ['summary', 'description']) expect(r.annotations?.[a], `${r.alert} ${a}`).to.have.length.above(10);
      expect(r.annotations?.action, `${r.alert} action`).to.have.length.above(40);
      // Central's own alerts (backups) are about central, not a store.
      if (!r.alert!.startsWith('Store')) continue;
      expect(r.expr, `${r.alert}: one alert per store, however many exporters`).to.match(/(max|min) by \(store\)/);
      for (const a of ['summary', 'description']) expect(r.annotations?.[a], `${r.alert} ${a}`).to.include('{{ $labels.store }}');
    }
  });

  it('provisions the Store sync dashboard against the provisioned data source, with a store variable', () => {
    const sources = (parse(readFileSync(join(opsDir, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: { name: string; uid: string }[] }).datasources;
    const dash = JSON.parse(readFileSync(join(dashboardDir, 'store-sync.json'), 'utf8')) as {
      uid: string; title: string; schemaVersion: number; id?: unknown; panels: { id: number; type: string; datasource?: { uid: string }; options?: { datasource?: string }; targets?: { datasource?: { uid: string }; instant?: boolean }[]; transformations?: { id: string }[] }[];
      templating: { list: { name: string; definition: string; datasource: { uid: string } }[] };
    };
    expect(dash).to.include({ uid: 'kiosk-store-sync', title: 'Store sync' });
    expect(dash.schemaVersion).to.be.within(36, 41);
    expect(dash.id ?? null, 'no database id in a provisioned file').to.equal(null);
    const uids = new Set(sources.map((s) => s.uid));
    const refs = [...dash.panels.flatMap((p) => [p.datasource, ...(p.targets ?? []).map((t) => t.datasource)]), ...dash.templating.list.map((v) => v.datasource)].filter((d) => d);
    for (const ref of refs) expect(uids, JSON.stringify(ref)).to.include(ref!.uid);
    expect(new Set(dash.panels.map((p) => p.id)).size).to.equal(dash.panels.length);
    expect(dash.templating.list.find((v) => v.name === 'store')?.definition).to.equal('label_values(kiosk_store_up, store)');
    const alertList = dash.panels.find((p) => p.type === 'alertlist');
    expect(sources.map((s) => s.name)).to.include(alertList?.options?.datasource);
    const fleet = dash.panels.find((p) => p.type === 'table')!;
    expect(fleet.targets!.every((t) => t.instant), 'the fleet table is instant queries').to.equal(true);
    expect(fleet.transformations!.map((t) => t.id)).to.deep.equal(['merge', 'organize']);
  });
});

describe('observability: every /metrics of central and a store box, and a Prometheus watching a cut', function () {
  this.timeout(180_000);
  let central: Central;
  let box: StoreBox;
  let prom: PrometheusServer;
  let targets: MetricsTarget[];
  let promDir: string;
  const bodies = new Map<MetricsTarget, string>();
  const staleSeconds = 5;
  const value = async (expr: string) => (await prom.query(expr))[0]?.value;
  /** The newest heartbeat in the store's own TELEMETRY stream (held there while the link is down). */
  const lastHeartbeat = async () => {
    const nc = await client(box.natsUrl);
    try {
      const m = await (await jetstreamManager(nc)).streams.getMessage(streams.telemetry('s1'), { last_by_subj: subjects.heartbeat('s1') });
      return fromBinary(pb.HeartbeatSchema, m!.data);
    } finally {
      await nc.close();
    }
  };

  before(async function () {
    // A store is stale after a few seconds without a heartbeat (production: 30 s), so a cut shows at once.
    // With backups: the backup agent's /metrics is one of central's targets (CentralBackupTooOld reads it).
    central = await startCentral({ stores: ['s1'], env: { FLEET_STALE_SECONDS: String(staleSeconds) }, backup: true });
    box = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), heartbeatMs: 1_000 });
    targets = [...central.metricsTargets, ...box.metricsTargets];
    promDir = mkdtempSync(join(tmpdir(), 'prometheus-'));
    prom = await startPrometheus({ targets, baseDir: promDir, port: await freePort(), interval: '1s' });
  });

  after(async function () {
    await prom?.stop();
    await box?.stop();
    await central?.stop();
    if (promDir) rmSync(promDir, { recursive: true, force: true });
  });

  it('renders a config promtool accepts, with the rule files of ops/prometheus', () => {
    const check = promtool(['check', 'config', prom.configFile]);
    expect(check.status, check.out).to.equal(0);
    expect(check.out).to.include(`SUCCESS: ${ruleFiles.length} rule files found`);
  });

  it('serves /metrics on every service that promtool parses without errors', async () => {
    expect(targets.map((t) => t.job)).to.include.members(['central-fleet', 'central-ingest', 'central-admin', 'central-backup', 'catalog', 'order', 'kitchen', 'sync', 'uplink']);
    const lint = new Map<string, Set<string>>();
    for (const t of targets) {
      const res = await fetch(t.url);
      expect(res.status, t.url).to.equal(200);
      const body = await res.text();
      bodies.set(t, body);
      // promtool: 0 clean, 3 lint problems only (naming advice), anything else a body Prometheus cannot read.
      const check = promtool(['check', 'metrics'], body);
      expect(check.status, `${t.instance}: ${check.out}`).to.be.oneOf([0, 3]);
      for (const line of check.out.split('\n').map((l) => l.trim()).filter(Boolean)) lint.set(line, (lint.get(line) ?? new Set()).add(t.job));
    }
    const advice = [...lint].map(([line, jobs]) => `        ${line} (${[...jobs].join(', ')})`);
    if (advice.length > 0) console.log(`      promtool lint advice:\n${advice.join('\n')}`);
  });

  it('exposes every metric the alert rules and the dashboards read', async () => {
    if (bodies.size === 0) for (const t of targets) bodies.set(t, await (await fetch(t.url)).text());
    const exposed = new Set([...bodies.values()].flatMap((b) => [...exposedMetricNames(b)]));
    const used = allExprs().flatMap(({ where, expr }) => metricNamesIn(expr).map((name) => ({ where, name })));
    expect(used.map((u) => u.name)).to.include.members(['kiosk_store_up', 'central_orders_committed_total']);
    expect(used.filter((u) => !exposed.has(u.name))).to.deep.equal([]);
  });

  it('sees a store reachable, then unreachable during a cut with its order held, then its held heartbeats and the catch-up', async () => {
    const product = (await storeCatalog(box)).products.find((p) => p.available)!;
    const heldSales = `sum(uplink_pending_events{store="s1",stream="${streams.sales('s1')}"})`;
    const committed = async () => (await value('sum(central_orders_committed_total{store="s1"})')) ?? 0;
    const central1 = async () => ({ up: await value('kiosk_store_up{store="s1"}'), link: await value('kiosk_store_link_up{store="s1"}'), pending: await value('kiosk_store_pending_upload_orders{store="s1"}') });
    await until('Prometheus scrapes every target', async () => (await value('count(up == 1)')) === targets.length, 60_000);
    await until('s1 up with its link up and nothing pending', async () => isDeep(await central1(), { up: 1, link: 1, pending: 0 }), 60_000);
    const before = await committed();

    await linkDown(box);
    await placeOrder(box, product);
    await until('the order held at the store (its uplink backlog)', async () => ((await value(heldSales)) ?? 0) >= 1, 30_000);
    await until('central marks s1 unreachable', async () => (await value('kiosk_store_up{store="s1"}')) === 0, 30_000);
    // A silent store's figures are dropped, not frozen at what it last said.
    expect(await central1()).to.deep.equal({ up: 0, link: undefined, pending: undefined });
    expect(await value('kiosk_store_heartbeat_age_seconds{store="s1"}')).to.be.above(staleSeconds);
    await until('StoreBoxUnreachable pending for s1', async () =>
      (await prom.query('ALERTS{alertname="StoreBoxUnreachable",store="s1",alertstate="pending"}')).length === 1, 15_000);

    // Central learns what the store went through from the heartbeats it held. Stop the store's heartbeats once
    // one says "link down, 1 pending", so that one stays central's newest long enough for any scrape to see it.
    await until('a held heartbeat with the link down and the order pending', async () => {
      const hb = await lastHeartbeat();
      return hb.linkUp === false && hb.pendingUpload !== undefined && hb.pendingUpload >= 1n;
    }, 30_000);
    await box.stopService('sync');
    await linkUp(box);
    await until('central hears the held heartbeat: link down, order pending', async () => {
      const c = await central1();
      return c.up === 1 && c.link === 0 && (c.pending ?? 0) >= 1;
    }, 30_000);

    await box.startService('sync');
    await until('the order committed at central', async () => (await committed()) >= before + 1, 60_000);
    await until('s1 up, link up, nothing pending at central or held at the store', async () =>
      isDeep(await central1(), { up: 1, link: 1, pending: 0 }) && (await value(heldSales)) === 0, 60_000);
    await until('no alert for s1', async () => (await prom.query('ALERTS{store="s1"}')).length === 0, 15_000);
  });
});
