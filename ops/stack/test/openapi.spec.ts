/**
 * The store API's OpenAPI document against what the box really serves: one real store box (bundled services
 * behind the real nginx config). Each service reports every /api, /internal and /media route its express app serves
 * (`x-served` of its part, `GET /internal/openapi.json`, walked from express' router stack in that process);
 * the gateway's `GET /api/openapi.json` (merged by the sync service) must describe each of them.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startStoreBox, storeServices, type StoreBox, type StoreService } from '../src/index.js';

type Operation = { summary: string; description: string; 'x-service': string; parameters: { name: string; in: string }[]; requestBody?: unknown; security?: unknown[] };
interface OpenApi { openapi: string; info: { description: string }; paths: Record<string, Record<string, Operation>>; 'x-served'?: string[] }

const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const operations = (doc: OpenApi) => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, op })));

describe('store OpenAPI document', function () {
  this.timeout(60_000);
  let box: StoreBox;
  let doc: OpenApi;
  const parts = {} as Record<StoreService, OpenApi>;

  before(async function () {
    this.timeout(300_000);
    box = await startStoreBox({ seed: false });
    const res = await fetch(`${box.gatewayUrl}/api/openapi.json`);
    expect(res.status, await res.clone().text()).to.equal(200);
    doc = (await res.json()) as OpenApi;
    for (const name of storeServices) parts[name] = (await (await fetch(`${box.serviceUrl(name)}/internal/openapi.json`)).json()) as OpenApi;
  });

  after(async function () {
    this.timeout(60_000);
    await box?.stop();
  });

  it('describes every /api and /internal route each service serves, as answered by that service', () => {
    const documented = new Map(operations(doc).map(({ key, op }) => [key, op['x-service']]));
    let served = 0;
    for (const name of storeServices) {
      const routes = parts[name]['x-served'] ?? [];
      expect(routes.length, `${name} serves routes`).to.be.greaterThan(0);
      for (const r of routes.map(openApiPath)) {
        expect(documented.get(r), `${name}: ${r} missing from /api/openapi.json`).to.equal(name);
        served++;
      }
    }
    // order 20 (with the payment simulator's control), catalog 3 (with the uploaded images), kitchen 8, sync 3.
    expect(served).to.be.at.least(34);
  });

  it('lists nothing no service serves: each part is what its service mounts', () => {
    for (const name of storeServices) {
      const served = new Set((parts[name]['x-served'] ?? []).map(openApiPath));
      for (const { key } of operations(parts[name])) expect(served.has(key), `${name}: ${key} documented but not served`).to.equal(true);
    }
  });

  it('is served at the gateway as OpenAPI 3.1 with the parts of all four services', () => {
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc['x-served']).to.equal(undefined);
    expect(new Set(operations(doc).map(({ op }) => op['x-service']))).to.deep.equal(new Set(storeServices));
    expect(doc.info.description).to.not.include('left out: the');
  });

  it('takes parameters and bodies from the zod schemas the handlers validate with, and says who may call', () => {
    const placeOrder = doc.paths['/api/orders']!.post!;
    expect(JSON.stringify(placeOrder.requestBody)).to.include('globalId').and.include('lines');
    expect(placeOrder.security).to.deep.equal([]);
    const act = doc.paths['/api/kitchen/tickets/{id}/{action}']!.post!;
    expect(act.parameters.map((p) => `${p.in}:${p.name}`)).to.deep.equal(['path:id', 'path:action']);
    expect(act.security).to.deep.equal([{ device: [] }]);
    expect(act.description).to.include('kitchen display');
    expect(doc.paths['/api/counter/orders']!.get!.parameters.every((p) => p.in === 'query')).to.equal(true);
    expect(doc.paths['/internal/retention/prunable']!.post!.description).to.include('box-internal');
    // No route without a schema gets an invented body.
    expect(doc.paths['/api/kitchen/tickets']!.get!.requestBody).to.equal(undefined);
  });

  it("routes the uploaded images' path through the gateway to the catalog service, not to the static demo images", async () => {
    const res = await fetch(`${box.gatewayUrl}/media/u/${'0'.repeat(64)}.png`);
    expect(res.status).to.equal(404);
    // The catalog service's own error shape (the static alias would answer nginx's HTML 404).
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('not_found');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
  });

  it('matches the copy in docs/api/store-openapi.json (node --import tsx ops/stack/src/cli/store-openapi.ts writes it)', () => {
    const saved = JSON.parse(readFileSync(join(repoRoot, 'docs/api/store-openapi.json'), 'utf8')) as OpenApi;
    expect(saved.paths, 'docs/api/store-openapi.json is stale: run ops/stack/src/cli/store-openapi.ts').to.deep.equal(doc.paths);
  });

  it('is reachable through the gateway: nginx routes every documented /api operation to a service', async () => {
    const concrete = (path: string) => path.replace(/\{(globalId|id)\}/g, '00000000-0000-4000-8000-000000000000').replace('{day}', '2026-01-01').replace('{index}', '0').replace('{action}', 'start');
    for (const { key } of operations(doc).filter((o) => o.key.includes(' /api/'))) {
      const [method, path] = key.split(' ') as [string, string];
      // An empty body: refused by validation or the guard before anything changes.
      const res = await fetch(`${box.gatewayUrl}${concrete(path)}`, { method: method.toUpperCase(), ...(method === 'get' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
      const body = res.headers.get('content-type')?.includes('event-stream') ? '' : await res.text();
      await res.body?.cancel().catch(() => undefined);
      expect(body, `${key}: the gateway's own 404`).to.not.include('no such API');
      expect(res.status, key).to.not.equal(502);
    }
  });
});
