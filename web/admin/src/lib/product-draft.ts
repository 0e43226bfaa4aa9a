/**
 * The product editor's form state and its conversion to what central's API takes: prices as typed rupiah
 * text in the form, integers on the wire. Checks what a person can get wrong before central does; central's
 * own checks (ids, lengths, the price never below zero with an option) still answer with a 400 and the field.
 */
import type { AdminProduct } from '../api/types.ts';
import { parseRupiah } from './money.ts';

export interface OptionDraft { id: string; name: string; priceDelta: string; available: boolean }
export interface GroupDraft { id: string; name: string; min: number; max: number; options: OptionDraft[] }
export interface ProductDraft {
  id: string; categoryId: string; name: string; description: string; price: string; station: string; available: boolean; optionGroups: GroupDraft[];
  /** Kept as is: a demo image's path, or the URL central answered for an uploaded one (`/media/u/<sha256>.<ext>`). */
  imageUrl: string;
}
export type ProductBody = Omit<AdminProduct, 'version' | 'updatedAt'>;
/** An i18n key under `menu.editor.errors` and the values it names. */
export interface DraftError { key: 'id' | 'name' | 'category' | 'price' | 'group' | 'option' | 'minMax' | 'duplicate'; values?: Record<string, string> }

const idPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A new product in a category, or an existing one as the form shows it. */
export function draftOf(p: AdminProduct | null, categoryId = ''): ProductDraft {
  if (!p) return { id: '', categoryId, name: '', description: '', price: '', station: '', available: true, optionGroups: [], imageUrl: '' };
  return {
    id: p.id, categoryId: p.categoryId, name: p.name, description: p.description, price: String(p.price), station: p.station, available: p.available, imageUrl: p.imageUrl,
    optionGroups: p.optionGroups.map((g) => ({ ...g, options: g.options.map((o) => ({ ...o, priceDelta: String(o.priceDelta) })) })),
  };
}

/** "-2.000" or "3000" -> -2000 / 3000; null when it is not a whole rupiah amount. */
export function parseDelta(text: string): number | null {
  const negative = /^\s*-/.test(text);
  const amount = parseRupiah(text.replace(/^\s*-/, '').trim() || '0');
  return amount === null ? null : negative ? -amount : amount;
}

/** An id from a name, for a new option or group: "Extra pedas" -> "extra-pedas". */
export function idFromName(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
}

export function productOf(d: ProductDraft, keepSortOrder = 0): { product: ProductBody } | { error: DraftError } {
  if (!idPattern.test(d.id)) return { error: { key: 'id', values: { id: d.id } } };
  if (!d.name.trim()) return { error: { key: 'name' } };
  if (!d.categoryId) return { error: { key: 'category' } };
  const price = parseRupiah(d.price);
  if (price === null) return { error: { key: 'price' } };
  const seen = new Set<string>();
  const optionGroups: ProductBody['optionGroups'] = [];
  for (const g of d.optionGroups) {
    if (!idPattern.test(g.id) || !g.name.trim() || g.options.length === 0) return { error: { key: 'group', values: { group: g.name || g.id } } };
    if (g.min > g.max || g.max < 1) return { error: { key: 'minMax', values: { group: g.name } } };
    const options = [];
    for (const o of g.options) {
      const priceDelta = parseDelta(o.priceDelta);
      if (!idPattern.test(o.id) || !o.name.trim() || priceDelta === null) return { error: { key: 'option', values: { group: g.name, option: o.name || o.id } } };
      if (seen.has(o.id)) return { error: { key: 'duplicate', values: { id: o.id } } };
      seen.add(o.id);
      options.push({ id: o.id, name: o.name.trim(), priceDelta, available: o.available });
    }
    optionGroups.push({ id: g.id, name: g.name.trim(), min: g.min, max: g.max, options });
  }
  return {
    product: {
      id: d.id, categoryId: d.categoryId, name: d.name.trim(), description: d.description.trim(), imageUrl: d.imageUrl, price, available: d.available,
      station: d.station.trim(), sortOrder: keepSortOrder, optionGroups,
    },
  };
}
