import { createHash } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { create, fromBinary, maxMediaBytes, pb, toBinary } from '@kiosk/contracts';
import { solidPng } from '@kiosk/stack';
import { Caller, startAdmin, type Running } from './support.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0'), Buffer.from([0xff, 0xd9])]);
const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>');
const html = Buffer.from('<!doctype html><html><body><script>fetch("/api/admin/users")</script></body></html>');

describe('central-admin: menu image upload', function () {
  this.timeout(120_000);
  let running: Running;
  let db: pg.Client;
  let owner: Caller;
  const token: Record<'menu' | 'finance' | 'it', Caller> = {} as never;

  before(async () => {
    let databaseUrl: string;
    ({ running, databaseUrl } = await startAdmin());
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    owner = await Caller.signIn(running.url, 'owner', 'owner-demo');
    for (const role of ['menu', 'finance', 'it'] as const) {
      const made = await owner.call('POST', '/api/admin/tokens', { name: `media-${role}`, role });
      token[role] = new Caller(running.url, made.body.token as string);
    }
  });

  after(async () => {
    await db?.end();
    await running?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
  const images = () => count('SELECT count(*) AS n FROM central_admin.media');
  const mediaEvents = () => count("SELECT count(*) AS n FROM central_admin.outbox WHERE subject LIKE 'catalog.global.v1.media.%'");
  const errorCode = (body: Record<string, unknown>) => (body.error as { code: string }).code;

  it('refuses an anonymous caller (401), finance and it (403), and a session without its CSRF token (403), storing nothing', async () => {
    const png = solidPng([1, 2, 3, 255]);
    const anonymous = await new Caller(running.url).upload('/api/admin/media', png, 'image/png');
    expect(anonymous.status).to.equal(401);
    expect(errorCode(anonymous.body)).to.equal('unauthenticated');
    for (const role of ['finance', 'it'] as const) {
      const r = await token[role].upload('/api/admin/media', png, 'image/png');
      expect(r.status, role).to.equal(403);
      expect(errorCode(r.body)).to.equal('forbidden');
    }
    const forged = await owner.upload('/api/admin/media', png, 'image/png', { csrf: false });
    expect(forged.status).to.equal(403);
    expect(errorCode(forged.body)).to.equal('csrf_failed');
    expect(await images()).to.equal(0);
    expect(await mediaEvents()).to.equal(0);
  });

  it('refuses SVG and HTML (415) even when declared as PNG, an empty body (400) and an image over the cap (413)', async () => {
    for (const [bytes, declared] of [[svg, 'image/svg+xml'], [svg, 'image/png'], [html, 'text/html'], [html, 'image/jpeg']] as const) {
      const r = await token.menu.upload('/api/admin/media', bytes, declared);
      expect(r.status, `${declared}: ${bytes.subarray(0, 10).toString()}`).to.equal(415);
      expect(r.body.error).to.deep.include({ code: 'unsupported_image' });
    }
    const json = await token.menu.call('POST', '/api/admin/media', { url: 'https://example.com/x.png' });
    expect(json.status).to.equal(415);
    const empty = await token.menu.upload('/api/admin/media', new Uint8Array(), 'image/png');
    expect(empty.status).to.equal(400);
    expect(errorCode(empty.body)).to.equal('image_required');
    // A real PNG header with padding past the cap: refused by its size whatever it starts with.
    const big = Buffer.concat([solidPng([9, 9, 9, 255]), Buffer.alloc(maxMediaBytes)]);
    const tooLarge = await token.menu.upload('/api/admin/media', big, 'image/png');
    expect(tooLarge.status).to.equal(413);
    expect(tooLarge.body.error).to.deep.include({ code: 'image_too_large', details: { maxBytes: maxMediaBytes } });
    expect(await images()).to.equal(0);
    expect(await mediaEvents()).to.equal(0);
  });

  it('stores a PNG under the SHA-256 of its bytes (201), audited, with one catalog event to every store on its own subject', async () => {
    const png = solidPng([200, 30, 40, 255], 4);
    const r = await token.menu.upload('/api/admin/media', png, 'application/octet-stream');
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.deep.equal({ url: `/media/u/${sha(png)}.png`, sha256: sha(png), contentType: 'image/png', size: png.length });
    const audit = (await db.query<{ actor: string; action: string; entity_id: string; after: { url: string; size: number } }>(
      "SELECT actor, action, entity_id, after FROM central_admin.audit_log WHERE entity_type = 'media'")).rows;
    expect(audit).to.have.length(1);
    expect(audit[0]).to.deep.include({ actor: 'token:media-menu', action: 'upload', entity_id: sha(png) });
    expect(audit[0]!.after).to.deep.include({ url: r.body.url, size: png.length });
    const event = (await db.query<{ subject: string; payload: Buffer }>("SELECT subject, payload FROM central_admin.outbox WHERE subject LIKE 'catalog.global.v1.media.%'")).rows;
    expect(event.map((e) => e.subject)).to.deep.equal([`catalog.global.v1.media.${sha(png)}`]);
    const change = fromBinary(pb.CatalogChangedSchema, event[0]!.payload);
    expect(change.origin).to.equal('central');
    expect(change.entity.case).to.equal('media');
    const media = change.entity.value as pb.Media;
    expect(media.sha256).to.equal(sha(png));
    expect(media.contentType).to.equal('image/png');
    expect(Buffer.from(media.data).equals(png)).to.equal(true);
    // The message fits the catalog streams (256 KiB a message) even for an image at the cap.
    const atCap = create(pb.CatalogChangedSchema, { ...change, entity: { case: 'media', value: { ...media, data: new Uint8Array(maxMediaBytes) } } });
    expect(toBinary(pb.CatalogChangedSchema, atCap).length).to.be.lessThan(maxMediaBytes + 1024);
  });

  it('answers the same bytes again with the same URL and writes nothing more', async () => {
    const png = solidPng([10, 20, 30, 255], 2);
    const first = await token.menu.upload('/api/admin/media', png, 'image/png');
    const [auditRows, events] = [await count("SELECT count(*) AS n FROM central_admin.audit_log WHERE entity_type = 'media'"), await mediaEvents()];
    const again = await owner.upload('/api/admin/media', png, 'image/png');
    expect(first.status).to.equal(201);
    expect(again.status).to.equal(200);
    expect(again.body.url).to.equal(first.body.url);
    expect(await count("SELECT count(*) AS n FROM central_admin.audit_log WHERE entity_type = 'media'")).to.equal(auditRows);
    expect(await mediaEvents()).to.equal(events);
  });

  it('takes a JPEG from a signed-in owner with the CSRF token, and serves every image back byte for byte to the signed-in', async () => {
    const up = await owner.upload('/api/admin/media', jpeg, 'image/jpeg');
    expect(up.status).to.equal(201);
    expect(up.body.url).to.equal(`/media/u/${sha(jpeg)}.jpg`);
    const res = await fetch(`${running.url}${up.body.url as string}`, { headers: { cookie: owner.cookie! } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/jpeg');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('cache-control')).to.match(/immutable/);
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).to.equal(true);
    expect((await fetch(`${running.url}${up.body.url as string}`)).status).to.equal(401);
    for (const missing of [`/media/u/${sha(svg)}.png`, `/media/u/${sha(jpeg)}.png`, `/media/u/${sha(jpeg).toUpperCase()}.jpg`, '/media/u/x.svg']) {
      const r = await owner.call('GET', missing);
      expect(r.status, missing).to.equal(404);
      expect(errorCode(r.body)).to.equal('not_found');
    }
  });
});
