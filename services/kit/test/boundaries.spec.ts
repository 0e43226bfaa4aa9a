import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ErrorBody } from '@kiosk/contracts';
import { ManagedProcess, freePort, testbed, waitFor } from '@kiosk/stack';
import {
  AppError, ConfigError, baseConfig, compareVersions, connectNats, createHttpApp, createLogger, createMetrics, finishHttpApp, listen, loadConfig, parse,
} from '../src/index.js';

const logger = createLogger({ service: 'kit-test', storeId: 'test', level: 'error' });

describe('config from the environment', () => {
  it('lists every bad variable at once', () => {
    const schema = baseConfig.extend({ CATALOG_URL: z.url() });
    try {
      loadConfig(schema, { SERVICE_NAME: 'order', STORE_ID: 'Bad Id', HTTP_PORT: 'eighty', DATABASE_URL: 'nope', NATS_URL: 'nats://x' });
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      const names = (err as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(names).to.include.members(['STORE_ID', 'HTTP_PORT', 'DATABASE_URL', 'CATALOG_URL']);
    }
  });

  it('hands out a frozen config with defaults filled in', () => {
    const config = loadConfig(baseConfig, { SERVICE_NAME: 'order', STORE_ID: 's1', HTTP_PORT: '8080', DATABASE_URL: 'postgres://x@h/db', NATS_URL: 'nats://h:4222' });
    expect(config.HTTP_PORT).to.equal(8080);
    expect(config.LOG_LEVEL).to.equal('info');
    expect(Object.isFrozen(config)).to.equal(true);
  });
});

describe('HTTP error boundary', () => {
  let url: string;
  let close: () => void;
  before(async () => {
    const app = createHttpApp({ metrics: createMetrics('kit-test', 'test'), bodyLimit: '1kb' });
    app.post('/echo', (req, res) => { res.json(parse(z.strictObject({ n: z.number().int() }), req.body)); });
    app.get('/boom', () => { throw new Error('secret internals'); });
    app.get('/teapot', () => { throw new AppError(409, 'busy', 'try later', { retryAfter: 1 }); });
    finishHttpApp(app, logger);
    const server = await listen(app, '127.0.0.1', 0);
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    close = () => server.close();
  });
  after(() => close());

  const post = (body: string) => fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await post('{"n": ');
    expect(res.status).to.equal(400);
    expect(((await res.json()) as ErrorBody).error.code).to.equal('invalid_json');
  });

  it('answers an oversized body with 413 payload_too_large', async () => {
    const res = await post(JSON.stringify({ n: 1, pad: 'x'.repeat(4000) }));
    expect(res.status).to.equal(413);
    expect(((await res.json()) as ErrorBody).error.code).to.equal('payload_too_large');
  });

  it('lists schema problems with 400 validation_failed', async () => {
    const res = await post(JSON.stringify({ n: 1.5, extra: true }));
    const body = (await res.json()) as ErrorBody & { error: { details: { issues: unknown[] } } };
    expect(res.status).to.equal(400);
    expect(body.error.code).to.equal('validation_failed');
    expect(body.error.details.issues).to.have.length.greaterThan(0);
  });

  it('never shows a stack trace for an unexpected error', async () => {
    const res = await fetch(`${url}/boom`);
    const text = await res.text();
    expect(res.status).to.equal(500);
    expect(text).to.not.include('secret internals');
    expect((JSON.parse(text) as ErrorBody).error.code).to.equal('internal');
  });

  it('maps application errors to their status, code and details', async () => {
    const res = await fetch(`${url}/teapot`);
    expect(res.status).to.equal(409);
    expect(await res.json()).to.deep.equal({ error: { code: 'busy', message: 'try later', details: { retryAfter: 1 } } });
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    const res = await fetch(`${url}/nowhere`);
    expect(res.status).to.equal(404);
    expect(((await res.json()) as ErrorBody).error.code).to.equal('not_found');
  });
});

describe('NATS server version check', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('2.15.1', '2.14.0')).to.be.greaterThan(0);
    expect(compareVersions('2.9.10', '2.14.0')).to.be.lessThan(0);
    expect(compareVersions('v2.14.0', '2.14.0')).to.equal(0);
  });

  it('accepts the box nats-server', async () => {
    const tb = await testbed();
    const nats = await connectNats({ servers: tb.nats.url, name: 'kit-test', logger });
    await nats.nc.close();
  });

  // Debian 12's own nats-server package (ops/install-deps.sh installs it): the old release a box must refuse.
  const debianNats = '/usr/sbin/nats-server';
  it('refuses Debian 12 nats-server 2.9.10, which cannot fsync every write', async () => {
    if (!existsSync(debianNats)) throw new Error(`${debianNats} is missing: run make install (Debian's nats-server package)`);
    const dir = mkdtempSync(join(tmpdir(), 'old-nats-'));
    const port = await freePort();
    const proc = new ManagedProcess('old-nats', debianNats, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { logFile: join(dir, 'log') }).start();
    try {
      await waitFor('old nats', async () => { const n = await connectNats({ servers: `nats://127.0.0.1:${port}`, name: 'probe', logger, minVersion: '0.0.0' }); await n.nc.close(); return true; }, 10_000, proc);
      let error: unknown;
      await connectNats({ servers: `nats://127.0.0.1:${port}`, name: 'kit-test', logger }).catch((e: unknown) => { error = e; });
      expect(String(error)).to.match(/too old/);
    } finally {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
