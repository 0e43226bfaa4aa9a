import { expect } from 'chai';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { centralServiceEnv, centralServices, opsDir, prometheusDir, repoRoot } from '../../src/index.js';

interface ComposeService { image?: string; environment?: Record<string, string>; volumes?: string[]; command?: string[]; healthcheck?: unknown; restart?: string; deploy?: { replicas?: number } }
const central = (parse(readFileSync(join(repoRoot, 'docker-compose.central.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }).services;
const varsIn = (file: string, re: RegExp) => [...readFileSync(file, 'utf8').replace(/#.*$/gm, '').matchAll(re)].map((m) => m[1]!);

describe('docker-compose.central.yml describes the same central as the native stack', () => {
  it('runs three nats nodes, Postgres, both central services and the gateway, each restarted and health-checked', () => {
    expect(Object.keys(central)).to.include.members(['nats-1', 'nats-2', 'nats-3', 'postgres', 'gateway', ...centralServices]);
    // The one-shots of every `up`: preflight (ops/docker/preflight.sh) and hub-streams (central's streams on the
    // hub, before central-ingest); every other container stays up.
    const oneShots = ['preflight', 'hub-streams'];
    for (const [name, s] of Object.entries(central)) expect(s.restart, name).to.equal(oneShots.includes(name) ? 'no' : 'unless-stopped');
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

describe('docker-compose.central.yml monitors central with the repository\'s Prometheus and Grafana files', () => {
  /** The bind mounts of a service: host path in the repository, path in the container, mode. */
  const binds = (name: string) => (central[name]?.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => {
    const [host, target, mode] = v.split(':');
    return { host: host!, target: target!, mode };
  });
  const bindOf = (name: string, host: string) => binds(name).find((b) => b.host === host);
  interface PromConfig { rule_files: string[]; scrape_configs: { job_name: string; static_configs?: { targets: string[] }[]; dns_sd_configs?: { names: string[]; port: number }[] }[] }
  const promConfig = parse(readFileSync(join(prometheusDir, 'prometheus.yml'), 'utf8')) as PromConfig;

  it('runs Prometheus and Grafana, restarted and health-checked, with every file mounted read-only from the repository', () => {
    expect(central.prometheus?.image).to.match(/^prom\/prometheus:v2\.\d+\.\d+$/);
    expect(central.grafana?.image).to.match(/^grafana\/grafana-oss:\d+\.\d+\.\d+$/);
    for (const name of ['prometheus', 'grafana']) {
      expect(central[name]!.healthcheck, name).to.exist;
      expect(binds(name), name).to.not.be.empty;
      for (const b of binds(name)) {
        expect(b.mode, `${name}: ${b.host}`).to.equal('ro');
        expect(existsSync(join(repoRoot, b.host)), `${name}: ${b.host}`).to.equal(true);
      }
    }
  });

  it('loads ops/prometheus/prometheus.yml and rule files that exist in the mounted rules directory', () => {
    const configFile = central.prometheus!.command!.find((a) => a.startsWith('--config.file='))?.split('=')[1];
    expect(bindOf('prometheus', './ops/prometheus/prometheus.yml')?.target).to.equal(configFile);
    expect(promConfig.rule_files).to.not.be.empty;
    for (const glob of promConfig.rule_files) {
      const mount = binds('prometheus').find((b) => glob.startsWith(`${b.target}/`));
      expect(mount, glob).to.exist;
      const pattern = new RegExp(`^${glob.slice(mount!.target.length + 1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      expect(readdirSync(join(repoRoot, mount!.host)).filter((f) => pattern.test(f)), glob).to.not.be.empty;
    }
  });

  it("scrapes the fleet exporter and central's services by their compose names, on their HTTP port", () => {
    expect(promConfig.scrape_configs.map((j) => j.job_name)).to.include.members(['central-fleet', 'central-ingest', 'central-admin']);
    for (const job of promConfig.scrape_configs) {
      const hosts = [
        ...(job.static_configs ?? []).flatMap((c) => c.targets),
        ...(job.dns_sd_configs ?? []).flatMap((c) => c.names.map((n) => `${n}:${c.port}`)),
      ];
      expect(hosts, job.job_name).to.not.be.empty;
      for (const hostPort of hosts) {
        const [host, port] = hostPort.split(':');
        expect(central, `${job.job_name}: ${host} is a service`).to.have.property(host!);
        expect(central[host!]!.environment?.HTTP_PORT, `${job.job_name}: ${hostPort}`).to.equal(port);
      }
    }
  });

  it('provisions Grafana with that Prometheus and the dashboards directory it mounts', () => {
    expect(bindOf('grafana', './ops/grafana/provisioning')?.target).to.equal('/etc/grafana/provisioning');
    const sources = (parse(readFileSync(join(opsDir, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: { type: string; url: string }[] }).datasources;
    const prometheus = new URL(sources.find((d) => d.type === 'prometheus')!.url);
    expect(prometheus.hostname).to.equal('prometheus');
    // Prometheus listens on its default port: the compose command does not move it.
    expect(prometheus.port).to.equal('9090');
    expect(central.prometheus!.command!.some((a) => a.startsWith('--web.listen-address'))).to.equal(false);
    const providers = (parse(readFileSync(join(opsDir, 'grafana/provisioning/dashboards/kiosk.yml'), 'utf8')) as { providers: { options: { path: string } }[] }).providers;
    for (const p of providers) expect(p.options.path).to.equal(bindOf('grafana', './ops/grafana/dashboards')?.target);
  });
});
