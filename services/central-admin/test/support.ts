import { testbed } from '@kiosk/stack';
import { startCentralAdminService, type CentralAdminConfig } from '../src/index.js';

export type Running = Awaited<ReturnType<typeof startCentralAdminService>>;

/** central-admin in this process on the shared testbed (fresh database), in demo mode unless told otherwise. */
export async function startAdmin(extra: Partial<CentralAdminConfig> = {}, databaseUrl?: string): Promise<{ running: Running; databaseUrl: string }> {
  const tb = await testbed();
  const db = databaseUrl ?? await tb.freshDatabase('admin');
  const config: CentralAdminConfig = {
    SERVICE_NAME: 'central-admin', STORE_ID: 'central', HTTP_HOST: '127.0.0.1', HTTP_PORT: 0, LOG_LEVEL: 'warn', DATABASE_URL: db,
    NATS_URL: tb.nats.url, SHUTDOWN_GRACE_SECONDS: 5, CENTRAL_STORES: ['s1', 's2'], HEARTBEAT_STALE_SECONDS: 30,
    SESSION_TTL_SECONDS: 3600, LOGIN_MAX_FAILURES_PER_ACCOUNT: 5, LOGIN_MAX_FAILURES_PER_CLIENT: 50, LOGIN_WINDOW_SECONDS: 900,
    TRUST_PROXY: 'loopback', DEMO_MODE: '1', CENTRAL_REPORT_TIME_ZONE: 'Asia/Jakarta', ...extra,
  };
  return { running: await startCentralAdminService(config), databaseUrl: db };
}

export interface Answer { status: number; body: Record<string, unknown>; headers: Headers }

/** A caller of central's API: a browser-like session (cookie + CSRF token) or a script with a bearer token. */
export class Caller {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(readonly baseUrl: string, readonly bearer: string | null = null) {}

  static async signIn(baseUrl: string, username: string, password: string): Promise<Caller> {
    const c = new Caller(baseUrl);
    const r = await c.call('POST', '/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`sign-in as ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return c;
  }

  /** POSTs raw bytes (a file upload) with the given Content-Type. */
  async upload(path: string, bytes: Uint8Array, contentType: string, opts: { csrf?: boolean } = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'user-agent': 'central-admin-test', 'content-type': contentType };
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && opts.csrf !== false) headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers, body: bytes });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) as Record<string, unknown> : { text }, headers: res.headers };
  }

  async call(method: string, path: string, body?: unknown, opts: { csrf?: boolean } = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'user-agent': 'central-admin-test' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && opts.csrf !== false) headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie?.startsWith('kiosk_session=')) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    const parsed = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) as Record<string, unknown> : { text };
    if (typeof parsed.csrfToken === 'string') this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }
}
