import { parse } from '@kiosk/kit';
import {
  availabilityRequest, categoryFields, createCategoryRequest, createProductRequest, idParam, previewQuery, priceRequest, productFields, storeParam, storeSettingsRequest,
} from '../domain/catalog.js';
import type { CatalogService } from '../app/catalog.js';
import type { Api } from './api.js';

/** The catalog API: parse, delegate, answer. Every write is one versioned CatalogChanged event to the stores, audited. */
export function adminRoutes(api: Api, catalog: CatalogService): void {
  api.route({ method: 'get', path: '/api/admin/catalog', access: 'signedIn', tag: 'catalog', summary: "Central's catalog: categories, products, store settings" },
    async (_req, res) => {
      res.json(await catalog.snapshot());
    });
  api.route({ method: 'get', path: '/api/admin/catalog/preview', access: 'signedIn', tag: 'catalog', summary: "One store's menu as its kiosk will show it (CatalogView)", query: previewQuery },
    async (req, res) => {
      res.json(await catalog.storePreview(parse(previewQuery, req.query).storeId));
    });
  api.route({ method: 'post', path: '/api/admin/categories', access: 'catalogWrite', tag: 'catalog', summary: 'Create a category', body: createCategoryRequest, status: 201 },
    async (req, res, caller) => {
      res.status(201).json(await catalog.upsertCategory(parse(createCategoryRequest, req.body), 'create', caller.actor));
    });
  api.route({ method: 'put', path: '/api/admin/categories/:id', access: 'catalogWrite', tag: 'catalog', summary: 'Change a category', params: idParam, body: categoryFields },
    async (req, res, caller) => {
      const { id } = parse(idParam, req.params);
      res.json(await catalog.upsertCategory({ id, ...parse(categoryFields, req.body) }, 'update', caller.actor));
    });
  api.route({ method: 'post', path: '/api/admin/products', access: 'catalogWrite', tag: 'catalog', summary: 'Create a product', body: createProductRequest, status: 201 },
    async (req, res, caller) => {
      res.status(201).json(await catalog.createProduct(parse(createProductRequest, req.body), caller.actor));
    });
  api.route({ method: 'put', path: '/api/admin/products/:id', access: 'catalogWrite', tag: 'catalog', summary: 'Replace a product', params: idParam, body: productFields },
    async (req, res, caller) => {
      const { id } = parse(idParam, req.params);
      res.json(await catalog.replaceProduct({ id, ...parse(productFields, req.body) }, caller.actor));
    });
  api.route({ method: 'put', path: '/api/admin/products/:id/price', access: 'catalogWrite', tag: 'catalog', summary: "A product's price everywhere, or one store's own price (storeId)",
    params: idParam, body: priceRequest }, async (req, res, caller) => {
    const { id } = parse(idParam, req.params);
    const body = parse(priceRequest, req.body);
    res.json(await catalog.setPrice(id, body.price, caller.actor, body.storeId));
  });
  api.route({ method: 'put', path: '/api/admin/products/:id/availability', access: 'catalogWrite', tag: 'catalog', summary: 'Sold out / back, everywhere or at one store (storeId)',
    params: idParam, body: availabilityRequest }, async (req, res, caller) => {
    const { id } = parse(idParam, req.params);
    const body = parse(availabilityRequest, req.body);
    res.json(await catalog.setAvailability(id, body.available, caller.actor, body.storeId));
  });
  api.route({ method: 'put', path: '/api/admin/stores/:storeId/settings', access: 'catalogWrite', tag: 'catalog', summary: "A store's name, currency, tax, service charge, locale and time zone",
    params: storeParam, body: storeSettingsRequest }, async (req, res, caller) => {
    const { storeId } = parse(storeParam, req.params);
    res.json(await catalog.setStoreSettings(storeId, parse(storeSettingsRequest, req.body), caller.actor));
  });
}
