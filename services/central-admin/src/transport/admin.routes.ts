import { Router } from 'express';
import { parse } from '@kiosk/kit';
import {
  availabilityRequest, categoryFields, createCategoryRequest, createProductRequest, idParam, priceRequest, productFields, storeParam, storeSettingsRequest,
} from '../domain/catalog.js';
import type { CatalogRepo } from '../adapters/catalog.repo.js';

/** The admin API: parse, delegate, answer. Every write is one versioned CatalogChanged event to the stores. */
export function adminRoutes(repo: CatalogRepo): Router {
  const r = Router();
  r.get('/api/admin/catalog', async (_req, res) => {
    res.json(await repo.snapshot());
  });
  r.post('/api/admin/categories', async (req, res) => {
    res.status(201).json(await repo.upsertCategory(parse(createCategoryRequest, req.body), 'create'));
  });
  r.put('/api/admin/categories/:id', async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await repo.upsertCategory({ id, ...parse(categoryFields, req.body) }, 'update'));
  });
  r.post('/api/admin/products', async (req, res) => {
    res.status(201).json(await repo.createProduct(parse(createProductRequest, req.body)));
  });
  r.put('/api/admin/products/:id', async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await repo.replaceProduct({ id, ...parse(productFields, req.body) }));
  });
  r.put('/api/admin/products/:id/price', async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await repo.setPrice(id, parse(priceRequest, req.body).price));
  });
  r.put('/api/admin/products/:id/availability', async (req, res) => {
    const { id } = parse(idParam, req.params);
    const body = parse(availabilityRequest, req.body);
    res.json(await repo.setAvailability(id, body.available, body.storeId));
  });
  r.put('/api/admin/stores/:storeId/settings', async (req, res) => {
    const { storeId } = parse(storeParam, req.params);
    res.json(await repo.setStoreSettings(storeId, parse(storeSettingsRequest, req.body)));
  });
  return r;
}
