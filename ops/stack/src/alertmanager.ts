import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBin, opsDir } from './paths.js';
import { ManagedProcess, httpOk, waitFor } from './process.js';

/** ops/alertmanager: central's routing config and the notification templates. */
export const alertmanagerDir = join(opsDir, 'alertmanager');

/** Where alerts go and how soon: the ${VARS} of ops/alertmanager/alertmanager.yml. */
export interface AlertRouting {
  /** host:port of the SMTP relay. */
  smtpSmarthost: string;
  emailFrom: string;
  emailStoreIt: string;
  emailPlatform: string;
  /** The chat bridge's base URL; each receiver posts to `<url>/<receiver>`. */
  webhookUrl: string;
  smtpRequireTls?: boolean;
  /** Production: 30s / 5m / 4h (docker-compose.central.yml); tests shorten them. */
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

/** ops/alertmanager/alertmanager.yml with its ${VARS} filled; a variable left unfilled is an error, never blank. */
export function renderAlertmanagerConfig(routing: AlertRouting, templatesDir = join(alertmanagerDir, 'templates')): string {
  const vars: Record<string, string> = {
    ALERT_SMTP_SMARTHOST: routing.smtpSmarthost, ALERT_EMAIL_FROM: routing.emailFrom, ALERT_EMAIL_STORE_IT: routing.emailStoreIt,
    ALERT_EMAIL_PLATFORM: routing.emailPlatform, ALERT_WEBHOOK_URL: routing.webhookUrl, ALERT_SMTP_REQUIRE_TLS: String(routing.smtpRequireTls ?? false),
    ALERT_TEMPLATES_DIR: templatesDir, ALERT_GROUP_WAIT: routing.groupWait ?? '30s', ALERT_GROUP_INTERVAL: routing.groupInterval ?? '5m',
    ALERT_REPEAT_INTERVAL: routing.repeatInterval ?? '4h',
  };
  return readFileSync(join(alertmanagerDir, 'alertmanager.yml'), 'utf8').replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`ops/alertmanager/alertmanager.yml: no value for \${${name}}`);
    return v;
  });
}

export interface AlertmanagerServer {
  url: string;
  /** host:port, as Prometheus' alerting config wants it. */
  address: string;
  configFile: string;
  proc: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Debian's prometheus-alertmanager (ops/install-deps.sh) on 127.0.0.1:port with the rendered config, clustering
 * off (one instance; its gossip port would otherwise be the fixed 9094); resolves once ready.
 */
export async function startAlertmanager(opts: { baseDir: string; port: number; routing: AlertRouting }): Promise<AlertmanagerServer> {
  mkdirSync(opts.baseDir, { recursive: true });
  const configFile = join(opts.baseDir, 'alertmanager.yml');
  writeFileSync(configFile, renderAlertmanagerConfig(opts.routing));
  const address = `127.0.0.1:${opts.port}`;
  const url = `http://${address}`;
  const proc = new ManagedProcess('alertmanager', findBin('prometheus-alertmanager'), [
    `--config.file=${configFile}`, `--storage.path=${join(opts.baseDir, 'data')}`, `--web.listen-address=${address}`,
    '--cluster.listen-address=', `--web.external-url=${url}`,
  ], { logFile: join(opts.baseDir, 'alertmanager.log'), env: { PATH: process.env.PATH ?? '' } }).start();
  await waitFor('alertmanager', () => httpOk(`${url}/-/ready`), 30_000, proc);
  return { url, address, configFile, proc, stop: () => proc.stop() };
}
