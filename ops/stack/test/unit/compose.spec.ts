import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import {
  natsPasswordVar, natsServerBin, opsDir, redisUser, storeNatsUsers, renderStoreNatsConfig, repoRoot, storeDbRole, storeServiceEnv, storeServices, uplinkEnv, type StoreDbService,
} from '../../src/index.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

interface ComposeService {
  image?: string;
  entrypoint?: string[];
  read_only?: boolean;
  deploy?: { resources?: { limits?: { memory?: string } } };
  logging?: { options?: Record<string, string> };
  build?: { dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  volumes?: string[];
  command?: string[];
  healthcheck?: unknown;
  restart?: string;
  profiles?: string[];
  depends_on?: Record<string, unknown>;
}
/** Compose's `!override` and `!reset` tags (an overlay file replacing a value instead of merging into it). */
const composeTags = ['!override', '!reset'].map((tag) => ({ tag, collection: 'map' as const, identify: () => false, resolve: (value: unknown) => value }));
const load = (file: string) => parse(readFileSync(join(repoRoot, file), 'utf8'), { merge: true, customTags: composeTags }) as { services: Record<string, ComposeService> };
/** `$NAME` references in a nats-server config, `${NAME}` in an nginx template. */
const varsIn = (file: string, re: RegExp) => [...readFileSync(file, 'utf8').replace(/#.*$/gm, '').matchAll(re)].map((m) => m[1]!);

describe('docker-compose.yml describes the same store box as the native stack', () => {
  const store = load('docker-compose.yml').services;
  // One-shot jobs (db-roles) run to completion at every `up` and are not restarted.
  const running = Object.entries(store).filter(([, s]) => !s.profiles && s.restart !== 'no');

  it('parses, and both compose files name their services', () => {
    expect(Object.keys(store)).to.include.members(['postgres', 'redis', 'nats', 'gateway', ...storeServices]);
    expect(Object.keys(load('docker-compose.central.yml').services)).to.not.be.empty;
  });

  it('gives every long-running container a healthcheck, a restart policy, rotated logs and a read-only root', () => {
    for (const [name, s] of running) {
      expect(s.restart, name).to.equal('unless-stopped');
      const dockerfile = s.build ? readFileSync(join(repoRoot, s.build.dockerfile), 'utf8') : '';
      expect(s.healthcheck ?? (/^HEALTHCHECK /m.test(dockerfile) || undefined), `${name} healthcheck`).to.exist;
      expect(s.logging?.options, name).to.include({ 'max-size': '20m' });
      expect(s.read_only, name).to.equal(true);
    }
  });

  it('fits a 4 GB Raspberry Pi: every running container has a memory limit, together at most 3 GiB', () => {
    const mib = (v: string) => Number.parseInt(v, 10) * (v.endsWith('g') ? 1024 : 1);
    let total = 0;
    for (const [name, s] of running) {
      const limit = s.deploy?.resources?.limits?.memory;
      expect(limit, name).to.match(/^\d+[mg]$/);
      total += mib(limit!);
    }
    expect(total).to.be.at.most(3 * 1024);
  });

  it('configures each service with exactly the variables the native stack sets', () => {
    for (const name of storeServices) {
      const native = Object.keys(storeServiceEnv(name, { storeId: 's1', port: 1, databaseUrl: 'x', natsUrl: 'x', redisUrl: 'x', catalogUrl: 'x' }));
      const compose = Object.keys(store[name]!.environment ?? {});
      expect(compose.sort(), name).to.deep.equal(native.sort());
      expect(store[name]!.command, name).to.deep.equal(['node', `services/${name}/dist/main.mjs`]);
      expect(store[name]!.image, name).to.match(/^kiosk\/services:/);
      expect(existsSync(join(repoRoot, 'services', name, 'src/main.ts')), `${name} entry point`).to.equal(true);
    }
  });

  it('runs nats-server with ops/nats/store.conf plus the leaf link and defines every variable they use', () => {
    const nats = store.nats!;
    expect(nats.volumes).to.include('./ops/nats/store.conf:/etc/nats/store.conf:ro');
    expect(nats.volumes).to.include('./ops/nats/store-leaf.conf:/etc/nats/store-leaf.conf:ro');
    expect(nats.volumes).to.include('./ops/nats/store-users.conf.template:/etc/nats/store-users.conf.template:ro');
    expect(nats.entrypoint!.join(' ')).to.include('exec nats-server -c /tmp/nats/store-leaf.conf');
    for (const file of ['nats/store.conf', 'nats/store-leaf.conf']) {
      for (const v of varsIn(join(opsDir, file), /\$([A-Z_]+)/g)) expect(nats.environment, `${file}: ${v}`).to.have.property(v);
    }
    // The users' passwords: every one the template reads is set, and each service signs in as its own user.
    const passwords = varsIn(join(opsDir, 'nats/store-users.conf.template'), /password: "\$\{([A-Z_]+)\}"/g);
    expect(passwords.sort()).to.deep.equal(storeNatsUsers.map(natsPasswordVar).sort());
    for (const v of passwords) {
      expect(nats.environment, v).to.have.property(v);
      expect(nats.entrypoint!.join(' '), `${v} rendered into the users file`).to.include(`[$$][{]${v}[}]`);
    }
    for (const name of [...storeServices, 'uplink']) {
      expect(new URL(store[name]!.environment!.NATS_URL!.replace(/\$\{[^}]+\}/g, 'secret')).username, name).to.equal(name);
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

  it('pins the same nats-server release in the image, on either base, as the native stack runs', () => {
    const native = execFileSync(natsServerBin(), ['--version']).toString().match(/v(\d+\.\d+\.\d+)/)![1]!;
    const dockerfile = readFileSync(join(opsDir, 'docker/nats.Dockerfile'), 'utf8');
    const installDeps = readFileSync(join(opsDir, 'install-deps.sh'), 'utf8');
    expect(dockerfile).to.include(`ARG NATS_BASE=nats:${native}-alpine`);
    const debVersion = /NATS_DEB_VERSION:-([^}]+)\}/.exec(installDeps)![1]!;
    expect(debVersion.startsWith(`${native}-`), debVersion).to.equal(true);
    expect(dockerfile).to.include(`ARG NATS_DEB_VERSION=${debVersion}`);
    expect(store.nats!.build?.dockerfile).to.equal('ops/docker/nats.Dockerfile');
  });

  it('fills every variable of the nginx template', () => {
    const gatewayDockerfile = readFileSync(join(opsDir, 'docker/gateway.Dockerfile'), 'utf8');
    for (const v of varsIn(join(opsDir, 'nginx/store.conf.template'), /\$\{([A-Z_]+)\}/g)) {
      expect(v in (store.gateway!.environment ?? {}) || gatewayDockerfile.includes(`${v}=`), v).to.equal(true);
    }
  });

  it('builds every image from one Dockerfile whose base is an argument, run by a user that is not root', () => {
    const dockerfiles = readdirSync(join(opsDir, 'docker')).filter((f) => f.endsWith('.Dockerfile'));
    expect(dockerfiles.sort()).to.deep.equal(['gateway.Dockerfile', 'nats.Dockerfile', 'postgres.Dockerfile', 'redis.Dockerfile', 'service.Dockerfile']);
    for (const file of dockerfiles) {
      const text = readFileSync(join(opsDir, 'docker', file), 'utf8');
      // The official image is the default base; ops/docker/build-images.sh --debian passes kiosk-base:<suite>.
      expect(text, file).to.match(/^ARG [A-Z]+_BASE=[a-z/]+:[\w.-]+$/m);
      expect(text, file).to.match(/^FROM \$\{[A-Z]+_BASE\}/m);
      const users = [...text.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
      expect(users, file).to.have.length(1);
      expect(users[0], file).to.not.match(/^(root|0)$/);
    }
    for (const [name, s] of Object.entries(store)) {
      if (s.image?.startsWith('kiosk/')) expect(s.image, name).to.match(/^kiosk\/[a-z]+:\$\{KIOSK_VERSION:-latest\}$/);
    }
  });

  it('shares one build stage among the images that need Node, and keeps the host\'s modules and secrets out', () => {
    const stages = (file: string) => {
      const text = readFileSync(join(opsDir, 'docker', file), 'utf8').replace(/^#.*\n/gm, '');
      return text.slice(text.indexOf('FROM ${NODE_BASE} AS node'), text.indexOf('\nFROM ', text.indexOf('FROM node AS build')));
    };
    expect(stages('service.Dockerfile')).to.include('npm ci');
    for (const file of ['gateway.Dockerfile', 'postgres.Dockerfile']) expect(stages(file), file).to.equal(stages('service.Dockerfile'));
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).to.include.members(['**/node_modules', '**/dist', 'hub-config', '.env', '**/secrets', '**/*.key']);
  });

  it('mounts the same Postgres and Redis settings files', () => {
    expect(store.postgres!.volumes).to.include('./ops/postgres/store.conf:/etc/postgresql/store.conf:ro');
    expect(store.redis!.volumes).to.include('./ops/redis/store.conf:/usr/local/etc/redis/store.conf:ro');
    expect(store.redis!.command!.join(' ')).to.include('redis-server /usr/local/etc/redis/store.conf');
  });

  it('runs every store service as its own Postgres role, provisioned from the same roles file as the native stack', () => {
    expect(store['db-roles']!.volumes).to.include('./ops/postgres/store-roles.sql:/etc/postgresql/store-roles.sql:ro');
    const passwords = store['db-roles']!.environment!.DB_ROLE_PASSWORDS!;
    for (const name of [...storeServices, 'uplink'] as StoreDbService[]) {
      const url = new URL(store[name]!.environment!.DATABASE_URL!.replace(/\$\{[^}]+\}/g, 'secret'));
      expect(url.username, name).to.equal(storeDbRole(name));
      expect(passwords, name).to.include(`"${storeDbRole(name)}":`);
    }
  });

  it('lets only the ACL user into Redis: default user off, no protected-mode override, passwords from the environment', () => {
    const command = store.redis!.command!.join(' ');
    expect(command).to.include('--aclfile').and.not.include('protected-mode');
    expect(store.redis!.volumes).to.include('./ops/redis/users.acl.template:/usr/local/etc/redis/users.acl.template:ro');
    expect(readFileSync(join(opsDir, 'redis/users.acl.template'), 'utf8')).to.match(/^user default off$/m);
    for (const name of storeServices) expect(store[name]!.environment!.REDIS_URL, name).to.match(new RegExp(`^redis://${redisUser}:\\$\\{REDIS_PASSWORD`));
  });
});

describe('docker-compose.one-process.yml runs the same store services in one container (monolithic mode)', () => {
  const store = load('docker-compose.yml').services;
  const overlay = load('docker-compose.one-process.yml').services;
  const box = overlay.box!;
  const services = [...storeServices, 'uplink'] as const;
  /** What one service of the box reads: the shared variables, with its own `<SERVICE>__<NAME>` ones over them. */
  const environmentOf = (name: string) => {
    const all = box.environment ?? {};
    const prefix = `${name.toUpperCase()}__`;
    const shared = Object.entries(all).filter(([k]) => !k.includes('__'));
    const own = Object.entries(all).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v] as const);
    return Object.fromEntries([...shared, ...own]) as Record<string, string>;
  };
  const portOf = (name: string) => environmentOf(name).HTTP_PORT;

  it('runs services/box from the services image, and the five one-container services only under a profile', () => {
    expect(box.command).to.deep.equal(['node', 'services/box/dist/main.mjs']);
    expect(box.image).to.equal(store.order!.image);
    expect(existsSync(join(repoRoot, 'services/box/src/main.ts'))).to.equal(true);
    for (const name of services) expect(overlay[name]!.profiles, name).to.have.length(1);
    expect(box).to.include({ restart: 'unless-stopped', read_only: true });
    expect(box.logging?.options).to.include({ 'max-size': '20m' });
    expect(box.deploy?.resources?.limits?.memory).to.match(/^\d+m$/);
  });

  it('gives each service every variable its own container has, with the same role, user and secrets, on a port of its own', () => {
    for (const name of services) {
      const own = environmentOf(name);
      const alone = store[name]!.environment!;
      expect(Object.keys(own), name).to.include.members(Object.keys(alone));
      for (const key of ['SERVICE_NAME', 'DATABASE_URL', 'NATS_URL', 'STORE_ID', 'REDIS_URL', 'STAFF_PIN', 'MANAGER_PIN', 'COOK_ON', 'HEARTBEAT_MS', 'DISK_PATHS', 'PAYMENT_TERMINAL', 'PAYMENT_SIM_CONTROL']) {
        if (key in alone) expect(own[key], `${name} ${key}`).to.equal(alone[key]);
      }
      if (name === 'uplink') for (const key of Object.keys(uplinkEnv('s1'))) expect(own[key], `uplink ${key}`).to.equal(alone[key]);
    }
    expect(new Set(services.map(portOf)).size, 'a port each').to.equal(services.length);
    // The image's healthcheck asks $HTTP_PORT: the one the box leaves unprefixed must be sync's, the box's /health.
    expect(box.environment!.HTTP_PORT).to.equal(portOf('sync'));
    // Where the services call each other: each other's port in the same container.
    const urls: Record<string, string> = { CATALOG_URL: 'catalog', ORDER_URL: 'order', KITCHEN_URL: 'kitchen', UPLINK_URL: 'uplink' };
    for (const [key, target] of Object.entries(urls)) expect(box.environment![key], key).to.equal(`http://127.0.0.1:${portOf(target)}`);
  });

  it('points the gateway at each service in the box and starts it, and the demo seed, after the box', () => {
    const upstream: Record<string, string> = { ORDER_UPSTREAM: 'order', KITCHEN_UPSTREAM: 'kitchen', CATALOG_UPSTREAM: 'catalog', SYNC_UPSTREAM: 'sync' };
    for (const [key, name] of Object.entries(upstream)) expect(overlay.gateway!.environment![key], key).to.equal(`box:${portOf(name)}`);
    expect(Object.keys(overlay.gateway!.environment!).sort()).to.deep.equal(Object.keys(upstream).sort());
    for (const dependent of ['gateway', 'seed']) expect(Object.keys(overlay[dependent]!.depends_on ?? {}), dependent).to.deep.equal(['box']);
    expect(Object.keys(box.depends_on ?? {}).sort()).to.deep.equal(Object.keys(store.order!.depends_on ?? {}).filter((d) => !(services as readonly string[]).includes(d)).sort());
  });
});
