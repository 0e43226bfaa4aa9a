import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { alertmanagerDir, prometheusDir, repoRoot } from '../src/index.js';

interface ComposeService { image?: string; entrypoint?: string[]; command?: string[]; environment?: Record<string, string>; volumes?: string[]; healthcheck?: unknown; restart?: string; user?: string }
const central = (parse(readFileSync(join(repoRoot, 'docker-compose.central.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }).services;

describe('docker-compose.central.yml runs the backups and the alert routing the native stack tests', () => {
  it('archives central Postgres\' WAL with pgBackRest, and runs the backup agent on the same data, socket, repository and config', () => {
    const pg = central.postgres!;
    const backup = central.backup!;
    expect(pg.command?.join(' ')).to.include('archive_mode=on').and.include('archive_command=pgbackrest --stanza=central archive-push %p');
    for (const mount of ['/var/lib/postgresql/data', '/var/run/postgresql', '/var/lib/pgbackrest', '/etc/pgbackrest/pgbackrest.conf']) {
      // source:target[:mode], where the source may be a ${VAR:-default}.
      const split = (v: string) => /^(\$\{[^}]*\}|[^:]+):([^:]+)/.exec(v)?.slice(1) ?? [];
      const of = (s: ComposeService) => s.volumes?.map(split).find(([, target]) => target === mount)?.[0];
      expect(of(backup), mount).to.be.a('string').and.equal(of(pg));
    }
    expect(pg.volumes).to.include('./ops/pgbackrest/pgbackrest.conf:/etc/pgbackrest/pgbackrest.conf:ro');
    expect(backup.image).to.equal(pg.image);
    expect(backup.user).to.equal('postgres');
    expect(backup.restart).to.equal('unless-stopped');
    expect(backup.healthcheck).to.exist;
  });

  it('gives Alertmanager every placeholder of ops/alertmanager/alertmanager.yml, and Prometheus sends it the alerts', () => {
    const am = central.alertmanager!;
    const placeholders = [...new Set([...readFileSync(join(alertmanagerDir, 'alertmanager.yml'), 'utf8').matchAll(/\$\{(ALERT_\w+)\}/g)].map((m) => m[1]!))];
    expect(placeholders).to.include('ALERT_WEBHOOK_URL');
    expect(Object.keys(am.environment ?? {})).to.include.members(placeholders);
    expect(am.volumes).to.include('./ops/alertmanager:/etc/alertmanager/kiosk:ro');
    expect(am.entrypoint).to.deep.equal(['/bin/sh', '/etc/alertmanager/kiosk/run.sh']);
    const prom = parse(readFileSync(join(prometheusDir, 'prometheus.yml'), 'utf8')) as { alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] } };
    expect(prom.alerting.alertmanagers.flatMap((a) => a.static_configs.flatMap((c) => c.targets))).to.deep.equal(['alertmanager:9093']);
  });
});
