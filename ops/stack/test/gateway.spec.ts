/**
 * The store gateway as an attacker on the store Wi-Fi meets it: a real store box (services, Postgres, Redis,
 * NATS) behind the real nginx config. Each client is its own source address on the loopback (127.0.0.x), so
 * nginx tells them apart as it tells tablets apart on the LAN.
 */
import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startStoreBox, type StoreBox } from '../src/index.js';
import { closeClients, inParallel, openStream, openWebSocket, request, type Answer, type HeldOpen } from './gateway-support.js';

describe('store gateway (nginx) hardening', function () {
  this.timeout(120_000);
  let box: StoreBox;
  const url = (path: string) => `${box.gatewayUrl}${path}`;

  before(async function () {
    this.timeout(300_000);
    // Built apps: the service worker and the pages are what the headers are checked on (a clean clone has no dist yet).
    box = await startStoreBox({ tlsNames: ['kiosk.store.test'], build: true });
  });

  after(async function () {
    this.timeout(60_000);
    closeClients();
    await box?.stop();
  });

  describe('headers', () => {
    const paths = ['/kiosk/', '/kitchen/', '/status/', '/api/catalog', '/api/nothing-here', '/health', '/ca/'];

    it('sends a strict Content-Security-Policy, nosniff, no framing and a referrer policy on every kind of answer', async () => {
      for (const path of paths) {
        const res = await request(url(path), { headers: { host: 'localhost' } });
        const csp = String(res.headers['content-security-policy']);
        expect(csp, path).to.include("default-src 'self'").and.include("script-src 'self'").and.include("frame-ancestors 'none'");
        expect(csp, path).to.not.include('unsafe-eval');
        expect(res.headers['x-content-type-options'], path).to.equal('nosniff');
        expect(res.headers['x-frame-options'], path).to.equal('DENY');
        expect(res.headers['referrer-policy'], path).to.equal('no-referrer');
      }
    });

    it('keeps the headers on the service worker, which is also never cached', async () => {
      const res = await request(url('/kiosk/sw.js'));
      expect(res.headers['cache-control']).to.equal('no-cache');
      expect(res.headers['content-security-policy']).to.include("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
    });

    it('does not tell which nginx version it runs', async () => {
      const res = await request(url('/api/nothing-here'));
      expect(res.status).to.equal(404);
      expect(res.headers.server).to.equal('nginx');
      const notFound = await request(url('/no-such-page'));
      expect(notFound.body).to.not.match(/nginx\/\d/);
    });
  });

  describe('rate limits', () => {
    it('serves 32 kiosks at once, each from its own address, without throttling any of them', async () => {
      const kiosks = Array.from({ length: 32 }, (_, i) => `127.0.0.${10 + i}`);
      // Each kiosk boots (menu, a few API reads) faster than any real one would: 20 requests back to back.
      const answers = await Promise.all(kiosks.map((from) => inParallel(20, 4, () => request(url('/api/catalog'), { from }))));
      const statuses = answers.flat().map((a) => a.status);
      expect(statuses.filter((s) => s !== 200), 'non-200 answers').to.deep.equal([]);
    });

    it('never throttles the box itself, where the benchmark and health checks run', async () => {
      const answers = await inParallel(400, 32, () => request(url('/api/catalog'), { from: '127.0.0.1' }));
      expect(answers.filter((a) => a.status === 429)).to.have.length(0);
    });

    it('answers a flood from one client with 429 in the error shape and a Retry-After, and keeps serving the others', async () => {
      const answers = await inParallel(300, 32, () => request(url('/api/catalog'), { from: '127.0.0.2' }));
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length, 'refused requests of the flood').to.be.greaterThan(0);
      expect(answers.filter((a) => a.status !== 200 && a.status !== 429)).to.deep.equal([]);
      const first = refused[0]!;
      expect(first.headers['retry-after']).to.equal('1');
      expect(first.headers['content-type']).to.match(/^application\/json/);
      expect(JSON.parse(first.body)).to.have.nested.property('error.code', 'rate_limited');
      expect((await request(url('/api/catalog'), { from: '127.0.0.3' })).status, 'another tablet').to.equal(200);
    });

    it('refuses a run of PIN guesses from one address at the gateway, whatever the service throttle says', async () => {
      const guess = (i: number): Promise<Answer> => request(url('/api/devices/pair'), {
        from: '127.0.0.4', method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pin: String(9000 + i), name: 'guesser', role: 'kitchen' }),
      });
      const answers: Answer[] = [];
      for (let i = 0; i < 25; i++) answers.push(await guess(i));
      expect(answers[0]!.status, 'the first guess reaches the kitchen service').to.be.oneOf([401, 429]);
      const atGateway = answers.filter((a) => a.status === 429 && a.body.includes('"rate_limited"'));
      expect(atGateway.length, 'guesses refused by nginx').to.be.greaterThan(0);
      expect(answers.filter((a) => a.status === 201), 'a guess that paired').to.have.length(0);
    });
  });

  describe('connection caps', () => {
    const held: HeldOpen[] = [];
    afterEach(() => { for (const h of held.splice(0)) h.close(); });

    it('caps socket.io connections per client at 8 and still lets another display connect', async () => {
      const path = '/socket.io/?EIO=4&transport=websocket';
      for (let i = 0; i < 8; i++) held.push(await openWebSocket(box.gatewayUrl, path, '127.0.0.5'));
      expect(held.map((h) => h.status)).to.deep.equal(Array(8).fill(101));
      const ninth = await openWebSocket(box.gatewayUrl, path, '127.0.0.5');
      held.push(ninth);
      expect(ninth.status).to.equal(429);
      const other = await openWebSocket(box.gatewayUrl, path, '127.0.0.6');
      held.push(other);
      expect(other.status).to.equal(101);
    });

    it('caps the status page streams per client at 4 and still lets another manager watch', async () => {
      const path = '/api/sync/status/stream';
      for (let i = 0; i < 4; i++) held.push(await openStream(box.gatewayUrl, path, '127.0.0.7'));
      expect(held.map((h) => h.status)).to.deep.equal([200, 200, 200, 200]);
      const fifth = await openStream(box.gatewayUrl, path, '127.0.0.7');
      held.push(fifth);
      expect(fifth.status).to.equal(429);
      const other = await openStream(box.gatewayUrl, path, '127.0.0.8');
      held.push(other);
      expect(other.status).to.equal(200);
    });
  });

  describe('HTTPS on the store LAN', () => {
    it('sends a LAN host name on plain HTTP to HTTPS and keeps plain HTTP for localhost', async () => {
      const lan = await request(url('/kiosk/?x=1'), { headers: { host: 'kiosk.store.test' } });
      expect(lan.status).to.equal(308);
      expect(lan.headers.location).to.equal(`https://kiosk.store.test:${box.ports.gatewayTls}/kiosk/?x=1`);
      for (const host of ['localhost', '127.0.0.1']) {
        expect((await request(url('/api/catalog'), { headers: { host } })).status, host).to.equal(200);
      }
    });

    it('serves the API over HTTPS with a certificate from the box CA that names the LAN host', async () => {
      const ca = readFileSync(box.tls.caFile, 'utf8');
      const res = await request(`https://localhost:${box.ports.gatewayTls}/api/catalog`, { ca });
      expect(res.status).to.equal(200);
      const cert = new X509Certificate(readFileSync(box.tls.certFile));
      expect(cert.subjectAltName).to.include('DNS:kiosk.store.test').and.include('DNS:localhost');
      expect(cert.verify(new X509Certificate(ca).publicKey)).to.equal(true);
      expect(new X509Certificate(ca).ca).to.equal(true);
    });

    it('serves the CA certificate and the enrollment guide on plain HTTP to any host', async () => {
      const guide = await request(url('/ca/'), { headers: { host: 'kiosk.store.test' } });
      expect(guide.status).to.equal(200);
      expect(guide.body).to.include('Android').and.include('iPad').and.include('kiosk mode');
      const crt = await request(url('/ca/ca.crt'), { headers: { host: 'kiosk.store.test' } });
      expect(crt.status).to.equal(200);
      expect(crt.headers['content-type']).to.equal('application/x-x509-ca-cert');
      expect(crt.body).to.equal(readFileSync(box.tls.caFile, 'utf8'));
    });

    it('keeps the CA across a restart and issues a new gateway certificate only when the names change', async () => {
      const { ensureGatewayTls } = await import('../src/index.js');
      const dir = box.tls.caFile.replace(/\/ca\.pem$/, '');
      const before = { ca: readFileSync(box.tls.caFile, 'utf8'), cert: readFileSync(box.tls.certFile, 'utf8') };
      ensureGatewayTls(dir, box.storeId, ['kiosk.store.test']);
      expect(readFileSync(box.tls.certFile, 'utf8'), 'same names: same certificate').to.equal(before.cert);
      ensureGatewayTls(dir, box.storeId, ['kiosk.store.test', '192.168.1.20']);
      expect(readFileSync(box.tls.caFile, 'utf8'), 'the CA stays').to.equal(before.ca);
      expect(new X509Certificate(readFileSync(box.tls.certFile)).subjectAltName).to.include('IP Address:192.168.1.20');
    });
  });
});
