import { describe, expect, it } from 'vitest';
import { draftOf, idFromName, parseDelta, productOf } from './product-draft.ts';

const base = () => ({ ...draftOf(null, 'mains'), id: 'soto-ayam', name: ' Soto Ayam ', price: 'Rp 28.000' });

describe('product editor drafts', () => {
  it('turns a filled-in form into the product central takes, rupiah text into integers', () => {
    const draft = base();
    draft.optionGroups.push({ id: 'size', name: 'Size', min: 1, max: 1, options: [
      { id: 'regular', name: 'Regular', priceDelta: '0', available: true }, { id: 'large', name: 'Large', priceDelta: '5.000', available: true },
      { id: 'kids', name: 'Kids', priceDelta: '-3.000', available: false },
    ] });
    const out = productOf(draft);
    expect('product' in out && out.product).toMatchObject({ id: 'soto-ayam', name: 'Soto Ayam', price: 28000, categoryId: 'mains' });
    expect('product' in out && out.product.optionGroups[0]!.options.map((o) => o.priceDelta)).toEqual([0, 5000, -3000]);
  });

  it('names the first thing wrong instead of sending it', () => {
    expect(productOf({ ...base(), id: 'Soto Ayam' })).toEqual({ error: { key: 'id', values: { id: 'Soto Ayam' } } });
    expect(productOf({ ...base(), price: '28,5' })).toEqual({ error: { key: 'price' } });
    expect(productOf({ ...base(), categoryId: '' })).toEqual({ error: { key: 'category' } });
    const emptyGroup = { ...base(), optionGroups: [{ id: 'size', name: 'Size', min: 0, max: 1, options: [] }] };
    expect('error' in productOf(emptyGroup) && productOf(emptyGroup)).toMatchObject({ error: { key: 'group' } });
    const twice = { ...base(), optionGroups: [{ id: 'g', name: 'G', min: 0, max: 2, options: [
      { id: 'a', name: 'A', priceDelta: '0', available: true }, { id: 'a', name: 'A again', priceDelta: '0', available: true }] }] };
    expect(productOf(twice)).toEqual({ error: { key: 'duplicate', values: { id: 'a' } } });
    expect(productOf({ ...base(), optionGroups: [{ id: 'g', name: 'G', min: 2, max: 1, options: [{ id: 'a', name: 'A', priceDelta: '0', available: true }] }] }))
      .toEqual({ error: { key: 'minMax', values: { group: 'G' } } });
  });

  it('round-trips an existing product through the form unchanged', () => {
    const product = { id: 'es-teh', categoryId: 'drinks', name: 'Es Teh', description: '', imageUrl: '/media/es-teh.jpg', price: 8000, available: true, station: 'bar',
      sortOrder: 3, version: 7, optionGroups: [{ id: 'sugar', name: 'Sugar', min: 0, max: 1, options: [{ id: 'less', name: 'Less', priceDelta: 0, available: true }] }] };
    const out = productOf(draftOf(product), 3);
    const { version: _v, ...rest } = product;
    expect(out).toEqual({ product: rest });
  });

  it('saves the image URL the editor holds: an uploaded one replaces the old, none leaves it empty', () => {
    const uploaded = '/media/u/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.webp';
    expect(productOf({ ...base(), imageUrl: uploaded })).toMatchObject({ product: { imageUrl: uploaded } });
    expect(productOf(base())).toMatchObject({ product: { imageUrl: '' } });
  });

  it('reads signed amounts and makes ids from names', () => {
    expect(parseDelta('-2.000')).toBe(-2000);
    expect(parseDelta('')).toBe(0);
    expect(parseDelta('abc')).toBeNull();
    expect(idFromName('Extra Pedas!')).toBe('extra-pedas');
  });
});
