import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { natsServerBin, opsDir, renderStoreNatsConfig, repoRoot, storeServiceEnv, storeServices, uplinkEnv } from '../src/index.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

interface ComposeService {
  image?: string;
  build?: { dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  volumes?: string[];
  command?: string[];
  healthcheck?: unknown;
  restart?: string;
  profiles?: string[];
}
const load = (file: string) => parse(readFileSync(join(repoRoot, file), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
/** `$NAME` references in a nats-server config, `${NAME}` in an nginx template. */
const varsIn = (file: string, re: RegExp) => [...readFileSync(file, 'utf8').replace(/#.*$/gm, '').matchAll(re)].map((m) => m[1]!);

describe('docker-compose.yml describes the same store box as the native stack', () => {
  const store = load('docker-compose.yml').services;
  const running = Object.entries(store).filter(([, s]) => !s.profiles);

  it('parses, and both compose files name their services', () => {
    expect(Object.keys(store)).to.include.members(['postgres', 'redis', 'nats', 'gateway', ...storeServices]);
    expect(Object.keys(load('docker-compose.central.yml').services)).to.not.be.empty;
  });

  it('gives every long-running container a healthcheck and a restart policy', () => {
    for (const [name, s] of running) {
      expect(s.restart, name).to.equal('unless-stopped');
      expect(s.healthcheck ?? s.build, `${name} healthcheck`).to.exist;
    }
    for (const file of ['service.Dockerfile', 'gateway.Dockerfile']) {
      const text = readFileSync(join(opsDir, 'docker', file), 'utf8');
      expect(text, file).to.match(/HEALTHCHECK/);
      expect(text, file).to.match(/^USER (node|nginx)$/m);
    }
  });

  it('configures each service with exactly the variables the native stack sets', () => {
    for (const name of storeServices) {
      const native = Object.keys(storeServiceEnv(name, { storeId: 's1', port: 1, databaseUrl: 'x', natsUrl: 'x', redisUrl: 'x', catalogUrl: 'x' }));
      const compose = Object.keys(store[name]!.environment ?? {});
      expect(compose.sort(), name).to.deep.equal(native.sort());
      expect(store[name]!.build?.args?.SERVICE, name).to.equal(name);
      expect(existsSync(join(repoRoot, 'services', name, 'src/main.ts')), `${name} entry point`).to.equal(true);
    }
  });

  it('runs nats-server with ops/nats/store.conf plus the leaf link and defines every variable they use', () => {
    const nats = store.nats!;
    expect(nats.volumes).to.include('./ops/nats/store.conf:/etc/nats/store.conf:ro');
    expect(nats.volumes).to.include('./ops/nats/store-leaf.conf:/etc/nats/store-leaf.conf:ro');
    expect(nats.command).to.deep.equal(['-c', '/etc/nats/store-leaf.conf']);
    for (const file of ['nats/store.conf', 'nats/store-leaf.conf']) {
      for (const v of varsIn(join(opsDir, file), /\$([A-Z_]+)/g)) expect(nats.environment, `${file}: ${v}`).to.have.property(v);
    }
  });

  it('gives the compose leaf link the same settings as the one the native stack renders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leafconf-'));
    try {
      const rendered = readFileSync(renderStoreNatsConfig(dir, { link: { urls: ['tls://hub:7422'], user: 'u', password: 'p', caFile: '/ca.pem' }, monitorPort: 1 }), 'utf8');
      const compose = readFileSync(join(opsDir, 'nats/store-leaf.conf'), 'utf8');
      const settings = (text: string) => ['ping_interval', 'ping_max', 'reconnect', 'ignore_discovered_servers', 'disabled', 'ca_file']
        .map((key) => text.match(new RegExp(`^\\s*(?:tls \\{ )?${key}: (\\S+)`, 'm'))?.[1]?.replace(/"\/.*"/, 'path'));
      expect(settings(compose)).to.deep.equal(settings(rendered));
      expect(settings(compose)).to.not.include(undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('configures the uplink with the variables the native stack sets', () => {
    const compose = Object.keys(store.uplink!.environment ?? {});
    expect(compose).to.include.members(['SERVICE_NAME', 'STORE_ID', 'NATS_URL', 'HTTP_PORT', ...Object.keys(uplinkEnv('s1'))]);
  });

  it('pins the same nats-server release line in the image as the native stack runs', () => {
    const native = execFileSync(natsServerBin(), ['--version']).toString().match(/v(\d+\.\d+)/)![1];
    expect(store.nats!.image).to.match(new RegExp(`^nats:${native!.replace('.', '\\.')}\\.`));
  });

  it('fills every variable of the nginx template', () => {
    const gatewayDockerfile = readFileSync(join(opsDir, 'docker/gateway.Dockerfile'), 'utf8');
    for (const v of varsIn(join(opsDir, 'nginx/store.conf.template'), /\$\{([A-Z_]+)\}/g)) {
      expect(v in (store.gateway!.environment ?? {}) || gatewayDockerfile.includes(`${v}=`), v).to.equal(true);
    }
  });

  it('copies every workspace manifest into the service image (npm ci needs the whole workspace graph)', () => {
    const dockerfile = readFileSync(join(opsDir, 'docker/service.Dockerfile'), 'utf8');
    const globs = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    const locations = globs.flatMap((g) => g.endsWith('/*')
      ? readdirSync(join(repoRoot, g.slice(0, -2))).map((d) => `${g.slice(0, -2)}/${d}`) : [g])
      .filter((l) => existsSync(join(repoRoot, l, 'package.json')));
    expect(locations).to.include('services/order');
    for (const location of locations) {
      expect(dockerfile, location).to.include(`COPY ${location}/package.json ${location}/`);
    }
  });

  it('mounts the same Postgres and Redis settings files', () => {
    expect(store.postgres!.volumes).to.include('./ops/postgres/store.conf:/etc/postgresql/store.conf:ro');
    expect(store.redis!.volumes).to.include('./ops/redis/store.conf:/usr/local/etc/redis/store.conf:ro');
    expect(store.redis!.command).to.include('/usr/local/etc/redis/store.conf');
  });
});
