import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import {
  decodeQuotedPrintable, findBin, freePort, linkDown, linkUp, prometheusDir, renderAlertmanagerConfig, repoRoot, startAlertmanager, startCentral, startPrometheus, startSmtpReceiver,
  startStoreBox, startWebhookReceiver, waitFor, type AlertmanagerServer, type Central, type PrometheusServer, type ReceivedHook, type ReceivedMail, type StoreBox,
} from '../src/index.js';

interface Rule { alert?: string; for?: string }
const ruleFiles = readdirSync(join(prometheusDir, 'rules')).filter((f) => f.endsWith('.rules.yml')).map((f) => join(prometheusDir, 'rules', f));
const alertNames = () => ruleFiles.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules))
  .filter((r) => r.alert).map((r) => r.alert!);

/** The shipped rule files with every `for:` shortened to 1 s, so a cut fires within seconds (the shipped ones stay). */
function shortRuleFiles(dir: string): string[] {
  return ruleFiles.map((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as { groups: { rules: Rule[] }[] };
    for (const r of doc.groups.flatMap((g) => g.rules)) if (r.for) r.for = '1s';
    const out = join(dir, file.split('/').pop()!);
    writeFileSync(out, stringify(doc));
    return out;
  });
}

const unQuote = decodeQuotedPrintable;

const amtool = (args: string[]) => spawnSync(findBin('amtool'), args, { encoding: 'utf8' });

const routing = (smtpPort: number, webhookPort: number) => ({
  smtpSmarthost: `127.0.0.1:${smtpPort}`, emailFrom: 'alerts@central.test', emailStoreIt: 'store-it@central.test', emailPlatform: 'platform@central.test',
  webhookUrl: `http://127.0.0.1:${webhookPort}`, groupWait: '1s', groupInterval: '1s', repeatInterval: '2s',
});

describe('alerting: the Alertmanager config routes by team and severity, and every alert has a runbook section', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'alertmanager-config-'));
    writeFileSync(join(dir, 'alertmanager.yml'), renderAlertmanagerConfig(routing(25, 80)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('renders a config amtool accepts', () => {
    const r = amtool(['check-config', join(dir, 'alertmanager.yml')]);
    expect(r.status, `${r.stdout}${r.stderr}`).to.equal(0);
  });

  it('sends critical store alerts to e-mail and chat, store warnings to chat only, and central\'s to the platform team', () => {
    const route = (...labels: string[]) => amtool(['config', 'routes', 'test', `--config.file=${join(dir, 'alertmanager.yml')}`, ...labels]).stdout.trim();
    expect(route('team=store-it', 'severity=critical', 'store=s1')).to.equal('store-it-critical');
    expect(route('team=store-it', 'severity=warning', 'store=s1')).to.equal('store-it-chat');
    expect(route('team=platform', 'severity=critical')).to.equal('platform');
    expect(route('alertname=Unknown')).to.equal('platform');
  });

  it('has a section of docs/runbook.md for every alert the rules define', () => {
    const headings = readFileSync(join(repoRoot, 'docs/runbook.md'), 'utf8').split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
    expect(alertNames()).to.not.be.empty;
    expect(alertNames().filter((a) => !headings.includes(a))).to.deep.equal([]);
  });
});

describe('alerting end to end: a cut store reaches a person by e-mail and chat, and a silence stops it', function () {
  this.timeout(240_000);
  let central: Central;
  let box: StoreBox;
  let prom: PrometheusServer;
  let am: AlertmanagerServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let dir: string;
  const firingFor = (store: string, path: string, alertname: string) => (h: ReceivedHook) =>
    h.path === path && h.body.alerts.some((a) => a.status === 'firing' && a.labels.store === store && a.labels.alertname === alertname);
  const mailFor = (to: string, text: string) => (m: ReceivedMail) => m.to.includes(to) && unQuote(m.data).includes(text);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alerting-'));
    const [smtpPort, webhookPort] = [await freePort(), await freePort()];
    [smtp, webhook] = await Promise.all([startSmtpReceiver(smtpPort), startWebhookReceiver(webhookPort)]);
    // A store is stale 3 s after its last heartbeat (production: 30 s), so a cut shows at once.
    central = await startCentral({ stores: ['s1'], env: { FLEET_STALE_SECONDS: '3' } });
    box = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), heartbeatMs: 1_000 });
    am = await startAlertmanager({ baseDir: join(dir, 'alertmanager'), port: await freePort(), routing: routing(smtpPort, webhookPort) });
    prom = await startPrometheus({
      targets: central.metricsTargets, baseDir: join(dir, 'prometheus'), port: await freePort(), interval: '1s',
      alertmanagers: [am.address], ruleFiles: shortRuleFiles(dir),
    });
  });

  after(async () => {
    await prom?.stop();
    await am?.stop();
    await box?.stop();
    await central?.stop();
    await smtp?.close();
    await webhook?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('notifies the chat of the unreachable store and e-mails store IT when it is offline, each with its runbook section', async () => {
    await waitFor('s1 heard at central', async () => (await prom.query('kiosk_store_up{store="s1"}'))[0]?.value === 1, 60_000);
    expect(webhook.hooks.filter((h) => h.body.alerts.some((a) => a.labels.store === 's1')), 'nothing about s1 while it is up').to.deep.equal([]);

    await linkDown(box);
    await waitFor('chat notified of StoreBoxUnreachable', async () => webhook.hooks.some(firingFor('s1', '/store-it-chat', 'StoreBoxUnreachable')), 90_000);
    await waitFor('store IT e-mailed about StoreOffline', async () => smtp.mails.some(mailFor('store-it@central.test', 'StoreOffline')), 90_000);

    const chat = webhook.hooks.find(firingFor('s1', '/store-it-chat', 'StoreBoxUnreachable'))!;
    const unreachable = chat.body.alerts.find((a) => a.labels.alertname === 'StoreBoxUnreachable')!;
    expect(chat.body.groupLabels, 'grouped per store').to.deep.equal({ store: 's1' });
    expect(unreachable.labels.runbook).to.equal('docs/runbook.md#storeboxunreachable');
    expect(chat.body.alerts.map((a) => a.labels.alertname), 'warnings only on the chat route').to.not.include('StoreOffline');

    const mail = unQuote(smtp.mails.find(mailFor('store-it@central.test', 'StoreOffline'))!.data);
    expect(mail).to.match(/Subject: \[FIRING:\d+\] store s1: StoreOffline/);
    expect(mail).to.include('Runbook: docs/runbook.md#storeoffline');
    expect(mail).to.include('Get the store\'s internet back');
    expect(webhook.hooks.some(firingFor('s1', '/store-it-critical', 'StoreOffline')), 'critical alerts also on chat').to.equal(true);
  });

  it('stops notifying about the store once it is silenced, while the alerts keep firing', async () => {
    const s1Hooks = () => webhook.hooks.filter((h) => h.body.alerts.some((a) => a.labels.store === 's1' && a.status === 'firing')).length;
    // Without a silence the notification repeats (repeat_interval 2 s here): the silence has something to stop.
    const before = s1Hooks();
    await waitFor('a repeated notification', async () => s1Hooks() > before, 60_000);

    const res = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'store', value: 's1', isRegex: false, isEqual: true }], startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'alerting.spec', comment: 'store s1 closed for renovation',
      }),
    });
    expect(res.status).to.equal(200);
    const { silenceID } = (await res.json()) as { silenceID: string };
    const s1Alerts = async () => (await (await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent('store="s1"')}`)).json()) as { status: { state: string; silencedBy: string[] } }[];
    await waitFor('s1 alerts suppressed by the silence', async () => {
      const alerts = await s1Alerts();
      return alerts.length > 0 && alerts.every((a) => a.status.state === 'suppressed' && a.status.silencedBy.includes(silenceID));
    }, 30_000);
    // A notification already on its way when the silence landed may still arrive: count from here.
    await sleep(2_000); // two group intervals
    const atSilence = s1Hooks();
    await sleep(6_000); // three repeat intervals
    expect(s1Hooks(), 'no notification about s1 while silenced').to.equal(atSilence);
    expect((await s1Alerts()).length, 'the alerts themselves still fire').to.be.above(0);
    await linkUp(box);
  });

  it('holds back every store alert while central itself is down (inhibition), and lets it through otherwise', async () => {
    const post = (alerts: object[]) => fetch(`${am.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    const state = async (store: string) => ((await (await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent(`store="${store}"`)}`)).json()) as { status: { state: string; inhibitedBy: string[] } }[])[0]?.status;
    const storeAlert = (store: string) => ({ labels: { alertname: 'StoreBoxUnreachable', store, team: 'store-it', severity: 'warning' }, annotations: { summary: 'test' } });
    expect((await post([storeAlert('s8')])).status).to.equal(200);
    await waitFor('s8 active', async () => (await state('s8'))?.state === 'active', 20_000);

    expect((await post([{ labels: { alertname: 'CentralHearsNoStore', scope: 'central', team: 'platform', severity: 'critical' }, annotations: { summary: 'test' } }, storeAlert('s9')])).status).to.equal(200);
    await waitFor('s9 inhibited', async () => (await state('s9'))?.state === 'suppressed', 20_000);
    expect((await state('s9'))!.inhibitedBy).to.have.length(1);
    await waitFor('s8 inhibited too', async () => (await state('s8'))?.state === 'suppressed', 20_000);
  });
});
