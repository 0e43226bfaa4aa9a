import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { RouteTable, createHttpApp, createLogger, createMetrics, finishHttpApp, listen, mountOpenApiPart, type StoreRouteDoc } from '@kiosk/kit';
import { mountOpenApiRoutes } from '../../src/transport/openapi.routes.js';

/** How sync merges the store document from the other services' parts: a part that answers, one that does not, one not configured. */
describe('store OpenAPI document: merging the parts', function () {
  this.timeout(20_000);
  const servers: Server[] = [];
  const metrics = createMetrics('sync', 's1');
  const logger = createLogger({ service: 'sync', storeId: 's1', level: 'error' });

  async function serve(mount: (app: ReturnType<typeof createHttpApp>) => void): Promise<string> {
    const app = createHttpApp({ metrics });
    mount(app);
    finishHttpApp(app, logger);
    const server = await listen(app, '127.0.0.1', 0);
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  after(() => {
    for (const s of servers) s.close();
  });

  let orderUrl: string;
  before(async () => {
    orderUrl = await serve((app) => {
      const table = new RouteTable<StoreRouteDoc>();
      const { router, route } = table.router();
      route({ method: 'get', path: '/api/orders/:globalId', access: 'lan', tag: 'orders', summary: 'An order' }, (_req, res) => { res.end(); });
      app.use(router);
      mountOpenApiPart(app, table, { service: 'order' });
    });
  });
  const syncWith = (others: Record<string, string | undefined>) => serve((app) => mountOpenApiRoutes(app, new RouteTable<StoreRouteDoc>(), others));

  it('merges the parts it is configured with and says which are left out', async () => {
    const res = await fetch(`${await syncWith({ order: orderUrl, kitchen: undefined })}/api/openapi.json`);
    expect(res.status).to.equal(200);
    const doc = (await res.json()) as { info: { description: string }; paths: Record<string, Record<string, { 'x-service': string; parameters: { name: string }[] }>>; 'x-served'?: unknown };
    expect(doc.paths['/api/orders/{globalId}']!.get!['x-service']).to.equal('order');
    expect(doc.paths['/api/orders/{globalId}']!.get!.parameters.map((p) => p.name)).to.deep.equal(['globalId']);
    expect(doc.paths['/api/openapi.json']!.get!['x-service']).to.equal('sync');
    expect(doc.info.description).to.include('left out: the kitchen service');
    expect(doc['x-served']).to.equal(undefined);
  });

  it('answers 503 naming the service whose part it could not get, rather than a document missing its routes', async () => {
    const res = await fetch(`${await syncWith({ order: orderUrl, kitchen: 'http://127.0.0.1:1' })}/api/openapi.json`);
    expect(res.status).to.equal(503);
    const body = (await res.json()) as { error: { code: string; details: { service: string } } };
    expect(body.error.code).to.equal('openapi_part_unavailable');
    expect(body.error.details.service).to.equal('kitchen');
  });
});
