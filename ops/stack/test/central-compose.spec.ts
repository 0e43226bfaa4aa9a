import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { centralServiceEnv, centralServices, opsDir, repoRoot } from '../src/index.js';

interface ComposeService { image?: string; environment?: Record<string, string>; volumes?: string[]; command?: string[]; healthcheck?: unknown; restart?: string; deploy?: { replicas?: number } }
const central = (parse(readFileSync(join(repoRoot, 'docker-compose.central.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }).services;
const varsIn = (file: string, re: RegExp) => [...readFileSync(file, 'utf8').replace(/#.*$/gm, '').matchAll(re)].map((m) => m[1]!);

describe('docker-compose.central.yml describes the same central as the native stack', () => {
  it('runs three nats nodes, Postgres, both central services and the gateway, each restarted and health-checked', () => {
    expect(Object.keys(central)).to.include.members(['nats-1', 'nats-2', 'nats-3', 'postgres', 'gateway', ...centralServices]);
    for (const [name, s] of Object.entries(central)) expect(s.restart, name).to.equal('unless-stopped');
    for (const name of ['nats-1', 'nats-2', 'nats-3', 'postgres', 'gateway']) expect(central[name]!.healthcheck, name).to.exist;
    expect(central['central-ingest']!.deploy?.replicas).to.equal(2);
  });

  it('starts every nats node from ops/nats/hub.conf and defines every variable it uses', () => {
    for (const node of ['nats-1', 'nats-2', 'nats-3']) {
      const s = central[node]!;
      expect(s.command).to.deep.equal(['-c', '/etc/nats/hub.conf']);
      expect(s.volumes).to.include('./ops/nats/hub.conf:/etc/nats/hub.conf:ro');
      for (const v of varsIn(join(opsDir, 'nats/hub.conf'), /\$([A-Z_0-9]+)/g)) expect(s.environment, `${node}: ${v}`).to.have.property(v);
    }
  });

  it('configures each central service with exactly the variables the native stack sets', () => {
    for (const name of centralServices) {
      const native = Object.keys(centralServiceEnv(name, { port: 1, databaseUrl: 'x', natsUrl: 'x', stores: ['s1'] }));
      expect(Object.keys(central[name]!.environment ?? {}).sort(), name).to.deep.equal(native.sort());
    }
  });

  it('fills every variable of the central nginx template', () => {
    const env = central.gateway!.environment ?? {};
    for (const v of varsIn(join(opsDir, 'nginx/central.conf.template'), /\$\{([A-Z_]+)\}/g)) expect(env, v).to.have.property(v);
    expect(central.gateway!.volumes).to.include('./ops/nginx/central.conf.template:/etc/nginx/templates/nginx.conf.template:ro');
  });
});
