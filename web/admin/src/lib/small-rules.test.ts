import { describe, expect, it } from 'vitest';
import { lockoutWait } from './lockout.ts';
import { changedFields, isMoneyField } from './audit-diff.ts';
import { canSee, canWrite, homePage } from './roles.ts';
import { currentAvailability, currentPrice, menuSections } from './menu.ts';
import type { AdminCatalog, AdminProduct } from '../api/types.ts';
import type { CatalogView } from '@kiosk/contracts/api';

describe('lockout message', () => {
  it('says minutes from a minute on and seconds below, rounding up', () => {
    expect(lockoutWait({ retryAfterSeconds: 900 })).toEqual({ unit: 'minutes', value: 15 });
    expect(lockoutWait({ retryAfterSeconds: 61 })).toEqual({ unit: 'minutes', value: 2 });
    expect(lockoutWait({ retryAfterSeconds: 42.2 })).toEqual({ unit: 'seconds', value: 43 });
    expect(lockoutWait(undefined)).toEqual({ unit: 'minutes', value: 1 });
  });
});

describe('audit changes', () => {
  it('lists only the fields that changed', () => {
    expect(changedFields({ price: 25000, name: 'Nasi' }, { price: 27000, name: 'Nasi' })).toEqual([{ field: 'price', before: 25000, after: 27000 }]);
    expect(changedFields(null, { role: 'menu' })).toEqual([{ field: 'role', before: undefined, after: 'menu' }]);
    expect(changedFields(null, null)).toEqual([]);
    expect(isMoneyField('price', 25000)).toBe(true);
    expect(isMoneyField('name', 25000)).toBe(false);
    expect(isMoneyField('price', null)).toBe(false);
  });
});

describe('roles', () => {
  it('offers each role its pages and writes only where central allows them', () => {
    expect(canSee('menu', 'users')).toBe(false);
    expect(canSee('finance', 'reports')).toBe(true);
    expect(canWrite('it', 'menu')).toBe(false);
    expect(canWrite('menu', 'menu')).toBe(true);
    expect(canWrite('finance', 'conflicts')).toBe(true);
    expect(canWrite('it', 'stores')).toBe(true);
    expect(canSee('menu', 'stores')).toBe(false);
    expect(homePage('finance')).toBe('reports');
  });
});

describe('menu rows', () => {
  const product = (id: string, categoryId: string, price: number): AdminProduct => ({
    id, categoryId, name: id.toUpperCase(), description: '', imageUrl: '', price, available: true, station: '', sortOrder: 0, optionGroups: [], version: 1,
  });
  const catalog: AdminCatalog = {
    categories: [{ id: 'food', name: 'Food', sortOrder: 0, imageUrl: '', version: 1 }, { id: 'empty', name: 'Empty', sortOrder: 1, imageUrl: '', version: 1 }],
    products: [product('nasi', 'food', 25000), product('mie', 'food', 22000)],
    storeSettings: [],
  };
  const preview = { products: [{ ...product('nasi', 'food', 27000), available: false }] } as unknown as CatalogView;

  it('shows the chosen store’s own price and availability beside central’s', () => {
    const [food] = menuSections(catalog, preview, '');
    const nasi = food!.rows.find((r) => r.product.id === 'nasi')!;
    expect([nasi.storePrice, nasi.storeAvailable]).toEqual([27000, false]);
    expect(currentPrice(nasi, true)).toBe(27000);
    expect(currentPrice(nasi, false)).toBe(25000);
    expect(currentAvailability(nasi, true)).toBe(false);
    expect(currentAvailability(nasi, false)).toBe(true);
  });

  it('filters by name or id and drops categories left empty', () => {
    expect(menuSections(catalog, null, 'mi').map((s) => s.rows.map((r) => r.product.id))).toEqual([['mie']]);
    expect(menuSections(catalog, null, 'zzz')).toEqual([]);
  });
});

describe('menu rollout', () => {
  it('says which stores have applied central\'s latest change', async () => {
    const { latestCatalogVersion, menuRollout } = await import('./menu.ts');
    const catalog = {
      categories: [{ id: 'c', name: 'C', sortOrder: 0, imageUrl: '', version: 5 }],
      products: [{ id: 'p', version: 9 }, { id: 'q', version: 7 }],
      storeSettings: [],
    } as unknown as AdminCatalog;
    expect(latestCatalogVersion(catalog)).toBe(9);
    expect(menuRollout(9, [{ storeId: 's2', catalogVersion: 7 }, { storeId: 's1', catalogVersion: 9 }, { storeId: 's3', catalogVersion: null }]))
      .toEqual([{ storeId: 's1', catalogVersion: 9, upToDate: true }, { storeId: 's2', catalogVersion: 7, upToDate: false }, { storeId: 's3', catalogVersion: null, upToDate: null }]);
  });
});
