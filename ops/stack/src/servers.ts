import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { findBin, natsServerBin, opsDir, postgresBinDir } from './paths.js';
import { ManagedProcess, httpOk, waitFor } from './process.js';

export interface Server {
  proc: ManagedProcess;
  /** Starts it again on the same port and data after a stop or a kill (a restart, or power back on). */
  restart(): Promise<void>;
}

// ------------------------------------------------------------------ postgres

export interface PostgresServer extends Server {
  port: number;
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
}

/**
 * A Postgres cluster in `dataDir` (initdb on first use) on 127.0.0.1:`port`, with ops/postgres/store.conf.
 * Postgres refuses to run as root, so as root it runs as the `postgres` user, who must own the data dir.
 */
export async function startPostgres(opts: {
  dataDir: string; port: number; logFile: string;
  /** Extra `-c name=value` settings over ops/postgres/store.conf (the power-cut mutation tests only). */
  settings?: Record<string, string>;
}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const owner = runAsPostgres();
  const socketDir = join(opts.dataDir, 'socket');
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) {
    mkdirSync(opts.dataDir, { recursive: true });
    if (owner) chownSync(opts.dataDir, owner.uid, owner.gid);
    if (onFuse(opts.dataDir)) initdb(bin, opts.dataDir, owner);
    else copyCluster(initdbTemplate(bin, owner), opts.dataDir, owner);
    const conf = join(opts.dataDir, 'postgresql.conf');
    writeFileSync(conf, `${readFileSync(conf, 'utf8')}\ninclude '${join(opsDir, 'postgres/store.conf')}'\n`);
  }
  mkdirSync(socketDir, { recursive: true });
  if (owner) chownSync(socketDir, owner.uid, owner.gid);
  const make = () => new ManagedProcess('postgres', join(bin, 'postgres'),
    ['-D', opts.dataDir, '-p', String(opts.port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1',
      ...Object.entries(opts.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
    { logFile: opts.logFile, ...(owner ?? {}), env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } });
  const url = (db: string) => `postgres://postgres@127.0.0.1:${opts.port}/${db}`;
  const server: PostgresServer = {
    port: opts.port,
    proc: make(),
    url,
    async restart() {
      server.proc = make().start();
      await waitFor('postgres', () => canQuery(url('postgres')), 60_000, server.proc);
    },
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
  };
  await server.restart();
  return server;
}

function initdb(bin: string, dataDir: string, owner: RunAs | null): void {
  try {
    execFileSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], {
      stdio: 'pipe', ...(owner ?? {}), env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed in ${dataDir} (every folder above it must be readable by the postgres user): ${stderr}`);
  }
}

type RunAs = { uid: number; gid: number };
let template: string | null = null;

/**
 * One initdb per process, copied for every further cluster: initdb took 5-6 s of a blocked event loop on the
 * shared 2-core machine (a test run starts about sixty clusters), a copy of its 39 MB half a second. The
 * template is the same initdb, with the same options, and is removed when the process exits.
 */
function initdbTemplate(bin: string, owner: RunAs | null): string {
  if (template) return template;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-initdb-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  initdb(bin, join(dir, 'data'), owner);
  template = join(dir, 'data');
  return template;
}

/**
 * The template's files into `dataDir`, modes kept, written as the server's account. Not fsynced file by file as
 * initdb does (as slow as initdb here): what the page cache holds is lost only with the machine itself.
 */
function copyCluster(from: string, dataDir: string, owner: RunAs | null): void {
  execFileSync('cp', ['-a', `${from}/.`, `${dataDir}/`], { stdio: 'pipe', ...(owner ?? {}) });
}

/**
 * powercut-fs (a FUSE mount) keeps only what each file's fsync flushed, and initdb flushes every file it
 * writes: a cluster there is made by initdb itself, never copied.
 */
function onFuse(dir: string): boolean {
  const FUSE_SUPER_MAGIC = 0x65735546;
  return statfsSync(dir).type === FUSE_SUPER_MAGIC;
}

/** The `postgres` account when running as root (Postgres refuses root), else null: run as the caller. */
export function runAsPostgres(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000, query_timeout: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    // Not awaited: ending a client whose connection Postgres refused (still recovering) may never settle.
    client.end().catch(() => undefined);
  }
}

// ------------------------------------------------------------------ redis

export interface RedisServer extends Server { port: number; url: string }

/** The one Redis user of a store box's services (ops/redis/users.acl.template); the default user is off. */
export const redisUser = 'store';

/**
 * Writes the box's Redis users from ops/redis/users.acl.template: only the password's SHA-256 is written, and
 * the file is private (0600), as docker-compose.yml renders it from REDIS_PASSWORD.
 */
export function renderRedisUsers(file: string, password: string): string {
  const hash = createHash('sha256').update(password).digest('hex');
  const acl = readFileSync(join(opsDir, 'redis/users.acl.template'), 'utf8').replace(/\$\{REDIS_PASSWORD_SHA256\}/g, hash);
  writeFileSync(file, acl, { mode: 0o600 });
  return file;
}

/** Redis with ops/redis/store.conf and, when `password` is given, only the box's ACL user let in. */
export async function startRedis(opts: { dataDir: string; port: number; logFile: string; password?: string; aclFile?: string }): Promise<RedisServer> {
  mkdirSync(opts.dataDir, { recursive: true });
  const acl = opts.password ? ['--aclfile', renderRedisUsers(opts.aclFile ?? join(opts.dataDir, 'users.acl'), opts.password)] : [];
  const make = () => new ManagedProcess('redis', findBin('redis-server'),
    [join(opsDir, 'redis/store.conf'), '--port', String(opts.port), '--dir', opts.dataDir, '--daemonize', 'no', ...acl],
    { logFile: opts.logFile });
  const server: RedisServer = {
    port: opts.port,
    url: redisUrlOf(opts.port, opts.password),
    proc: make(),
    async restart() {
      server.proc = make().start();
      await waitFor('redis', () => redisPing(opts.port, opts.password), 20_000, server.proc);
    },
  };
  await server.restart();
  return server;
}

/** The URL a store service reaches Redis on 127.0.0.1:`port` with, as the box's ACL user when there is a password. */
export function redisUrlOf(port: number, password?: string): string {
  const auth = password ? `${encodeURIComponent(redisUser)}:${encodeURIComponent(password)}@` : '';
  return `redis://${auth}127.0.0.1:${port}`;
}

async function redisPing(port: number, password?: string): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const sock = createConnection({ port, host: '127.0.0.1' }, () => sock.write(`${password ? `AUTH ${redisUser} ${password}\r\n` : ''}PING\r\n`));
    let reply = '';
    sock.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('PONG') || reply.startsWith('-')) { sock.destroy(); resolve(reply.includes('+PONG')); }
    });
    // A connection closed or silent without an answer is "not yet", never a wait without end.
    sock.setTimeout(2_000, () => { sock.destroy(); resolve(false); });
    sock.once('close', () => resolve(false));
    sock.once('error', () => resolve(false));
  });
}

// ------------------------------------------------------------------ nats

export interface NatsServer extends Server { port: number; monitorPort: number; url: string; configFile: string }
// `url` has no credentials; a box whose nats-server has users hands out `natsUrl` with the ops user's.

/** nats-server with a config file from ops/nats and its $VARS from `env`. */
export async function startNats(opts: {
  configFile: string;
  port: number;
  monitorPort: number;
  storeDir: string;
  serverName: string;
  logFile: string;
  env: Record<string, string>;
  /** The user the readiness check signs in as, when the config has users. */
  credentials?: { user: string; password: string };
}): Promise<NatsServer> {
  mkdirSync(opts.storeDir, { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '',
    NATS_SERVER_NAME: opts.serverName,
    NATS_LISTEN: `127.0.0.1:${opts.port}`,
    NATS_MONITOR_LISTEN: `127.0.0.1:${opts.monitorPort}`,
    NATS_STORE_DIR: opts.storeDir,
    NATS_MAX_FILE_STORE: '8GB',
    ...opts.env,
  };
  const make = () => new ManagedProcess('nats', natsServerBin(), ['-c', opts.configFile], { logFile: opts.logFile, env });
  const server: NatsServer = {
    port: opts.port,
    monitorPort: opts.monitorPort,
    url: `nats://127.0.0.1:${opts.port}`,
    configFile: opts.configFile,
    proc: make(),
    async restart() {
      server.proc = make().start();
      await waitFor('nats-server', () => httpOk(`http://127.0.0.1:${opts.monitorPort}/healthz?js-enabled-only=true`), 30_000, server.proc);
      const nc = await connect({ servers: server.url, ...(opts.credentials ? { user: opts.credentials.user, pass: opts.credentials.password } : {}) });
      await nc.close();
    },
  };
  // A server that never became ready is not left running (a hundred fleet stores starting on a busy machine
  // saw a sign-in time out).
  await server.restart().catch(async (err: unknown) => {
    await server.proc.kill();
    throw err;
  });
  return server;
}

// ------------------------------------------------------------------ nginx

export interface NginxServer extends Server { port: number; url: string }

/** Renders an nginx template from ops/nginx (`${VAR}` from `vars`, like the nginx image's envsubst) and runs it. */
export async function startNginx(opts: { template: string; runDir: string; port: number; logFile: string; vars: Record<string, string> }): Promise<NginxServer> {
  mkdirSync(opts.runDir, { recursive: true });
  const vars: Record<string, string> = { NGINX_RUN_DIR: opts.runDir, NGINX_MIME_TYPES: '/etc/nginx/mime.types', GATEWAY_LISTEN: `127.0.0.1:${opts.port}`, ...opts.vars };
  // Comment lines are left as they are: they may mention ${VARS} in prose.
  const conf = readFileSync(opts.template, 'utf8').split('\n').map((line) => (/^\s*#/.test(line) ? line : line.replace(/\$\{([A-Z_]+)\}/g, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`nginx template ${opts.template}: no value for \${${name}}`);
    return v;
  }))).join('\n');
  const confFile = join(opts.runDir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const make = () => new ManagedProcess('nginx', findBin('nginx'), ['-c', confFile, '-p', opts.runDir, '-e', join(opts.runDir, 'error.log')], { logFile: opts.logFile, group: true });
  const server: NginxServer = {
    port: opts.port,
    url: `http://127.0.0.1:${opts.port}`,
    proc: make(),
    async restart() {
      server.proc = make().start();
      await waitFor('nginx', async () => { await fetch(server.url, { redirect: 'manual' }); return true; }, 20_000, server.proc);
    },
  };
  await server.restart();
  return server;
}
