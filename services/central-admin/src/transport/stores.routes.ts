import { parse } from '@kiosk/kit';
import { storeParam } from '../domain/catalog.js';
import { createStoreRequest, storeEnabledRequest } from '../domain/stores.js';
import type { StoresService } from '../app/stores.js';
import type { Api } from './api.js';

/** The chain's stores as data: list, add (its leaf credentials answered once), enable and disable. Every write audited. */
export function storesRoutes(api: Api, repo: StoresService): void {
  api.route({ method: 'get', path: '/api/admin/stores', access: 'signedIn', tag: 'stores', summary: 'Every store of the chain: address, enabled, leaf user, settings' },
    async (_req, res) => {
      res.json({ stores: await repo.list() });
    });
  api.route({ method: 'post', path: '/api/admin/stores', access: 'stores', tag: 'stores', status: 201, body: createStoreRequest,
    summary: "Add a store: its settings are published to it, and its leaf credentials (user, password, catalog source) are answered once; the hub lets it in within seconds" },
  async (req, res, caller) => {
    res.status(201).json(await repo.create(parse(createStoreRequest, req.body), caller.actor));
  });
  api.route({ method: 'put', path: '/api/admin/stores/:storeId/enabled', access: 'stores', tag: 'stores', params: storeParam, body: storeEnabledRequest,
    summary: "Enable or disable a store: a disabled store's leaf login is refused and its open link closed; its data at central stays" },
  async (req, res, caller) => {
    const { storeId } = parse(storeParam, req.params);
    res.json(await repo.setEnabled(storeId, parse(storeEnabledRequest, req.body).enabled, caller.actor));
  });
}
