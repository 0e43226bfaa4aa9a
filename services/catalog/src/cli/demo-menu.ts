/**
 * The demo menu of a Warung Nusantara store: realistic Indonesian dishes at realistic IDR prices, with the
 * option groups kiosks must handle (required single choice, optional multi-choice, price deltas).
 * Shared by the seed (events) and the media generator (SVG per product and category).
 */
import type { CategoryData, OptionGroupData, ProductData } from '../domain/catalog-change.js';

export type Vessel = 'bowl' | 'plate' | 'skewers' | 'basket' | 'glass' | 'cup';
export interface DemoCategory extends CategoryData { colour: string; vessel: Vessel }

const category = (id: string, name: string, sortOrder: number, colour: string, vessel: Vessel): DemoCategory =>
  ({ id, name, sortOrder, imageUrl: `/media/categories/${id}.svg`, colour, vessel });

export const demoCategories: DemoCategory[] = [
  category('nasi-mie', 'Nasi & Mie', 1, '#e8a23a', 'bowl'),
  category('ayam-bebek', 'Ayam & Bebek', 2, '#c8553d', 'plate'),
  category('sate-bakaran', 'Sate & Bakaran', 3, '#8c4a2f', 'skewers'),
  category('camilan', 'Camilan', 4, '#d9b44a', 'basket'),
  category('minuman', 'Minuman', 5, '#3a9ad9', 'glass'),
  category('pencuci-mulut', 'Pencuci Mulut', 6, '#d96aa7', 'cup'),
];

const option = (id: string, name: string, priceDelta = 0) => ({ id, name, priceDelta, available: true });
const group = (id: string, name: string, min: number, max: number, options: OptionGroupData['options']): OptionGroupData =>
  ({ id, name, min, max, options });

const levelPedas = group('level-pedas', 'Level Pedas', 1, 1, [0, 1, 2, 3, 4, 5].map((n) => option(`pedas-${n}`, `Level ${n}`)));
const ukuran = group('ukuran', 'Ukuran', 1, 1, [option('regular', 'Regular'), option('large', 'Large', 5000)]);
const tambahan = group('tambahan', 'Tambahan', 0, 3, [option('telur', 'Telur', 5000), option('keju', 'Keju', 7000), option('kerupuk', 'Kerupuk', 3000)]);
const suhu = group('suhu', 'Es / Panas', 1, 1, [option('es', 'Es'), option('panas', 'Panas')]);
const gula = group('gula', 'Gula', 1, 1, [option('gula-normal', 'Normal'), option('gula-sedikit', 'Sedikit'), option('tanpa-gula', 'Tanpa Gula')]);
const nasi = group('nasi', 'Nasi', 0, 1, [option('nasi-putih', 'Nasi Putih', 5000), option('nasi-uduk', 'Nasi Uduk', 7000)]);

type Row = [id: string, name: string, description: string, price: number, station: string, groups: OptionGroupData[]];

const rows: Record<string, Row[]> = {
  'nasi-mie': [
    ['nasi-goreng-spesial', 'Nasi Goreng Spesial', 'Nasi goreng kecap dengan telur mata sapi, ayam suwir dan acar', 35000, 'wok', [levelPedas, ukuran, tambahan]],
    ['nasi-goreng-kampung', 'Nasi Goreng Kampung', 'Nasi goreng terasi dengan teri medan dan cabai rawit', 30000, 'wok', [levelPedas, ukuran, tambahan]],
    ['mie-goreng-jawa', 'Mie Goreng Jawa', 'Mie telur goreng bumbu kemiri, sawi dan kol', 32000, 'wok', [levelPedas, ukuran, tambahan]],
    ['mie-ayam-bakso', 'Mie Ayam Bakso', 'Mie ayam jamur dengan bakso sapi dan kuah kaldu', 28000, 'wok', [ukuran, tambahan]],
    ['kwetiau-goreng', 'Kwetiau Goreng Seafood', 'Kwetiau goreng dengan udang, cumi dan tauge', 38000, 'wok', [levelPedas, tambahan]],
    ['nasi-uduk-komplit', 'Nasi Uduk Komplit', 'Nasi uduk, ayam goreng, tempe orek, bihun dan sambal kacang', 33000, 'wok', [levelPedas]],
  ],
  'ayam-bebek': [
    ['ayam-geprek', 'Ayam Geprek', 'Ayam goreng tepung digeprek dengan sambal bawang', 25000, 'fryer', [levelPedas, nasi, tambahan]],
    ['ayam-penyet', 'Ayam Penyet', 'Ayam goreng bumbu kuning dengan sambal terasi dan lalapan', 27000, 'fryer', [levelPedas, nasi]],
    ['ayam-bakar-madu', 'Ayam Bakar Madu', 'Ayam bakar olesan kecap madu, lalapan dan sambal', 32000, 'grill', [levelPedas, nasi]],
    ['bebek-goreng', 'Bebek Goreng Madura', 'Bebek goreng bumbu hitam khas Madura', 45000, 'fryer', [levelPedas, nasi]],
    ['ayam-betutu', 'Ayam Betutu', 'Ayam kukus bumbu base genep khas Bali', 42000, 'grill', [levelPedas, nasi]],
  ],
  'sate-bakaran': [
    ['sate-ayam', 'Sate Ayam Madura', '10 tusuk sate ayam dengan bumbu kacang dan lontong', 30000, 'grill', [levelPedas]],
    ['sate-kambing', 'Sate Kambing', '10 tusuk sate kambing muda dengan kecap dan acar', 45000, 'grill', [levelPedas]],
    ['sate-taichan', 'Sate Taichan', 'Sate ayam tanpa bumbu kacang, sambal rawit dan jeruk nipis', 28000, 'grill', [levelPedas]],
    ['ikan-bakar-jimbaran', 'Ikan Bakar Jimbaran', 'Ikan kakap bakar bumbu Jimbaran dengan sambal matah', 55000, 'grill', [levelPedas, nasi]],
    ['cumi-bakar', 'Cumi Bakar', 'Cumi bakar bumbu kecap pedas manis', 40000, 'grill', [levelPedas, nasi]],
  ],
  camilan: [
    ['tahu-crispy', 'Tahu Crispy', 'Tahu goreng renyah dengan cabai rawit', 15000, 'fryer', [levelPedas]],
    ['tempe-mendoan', 'Tempe Mendoan', 'Tempe tipis goreng tepung dengan kecap cabai', 15000, 'fryer', []],
    ['pisang-goreng', 'Pisang Goreng Keju', 'Pisang kepok goreng dengan keju dan susu kental manis', 18000, 'fryer', [tambahan]],
    ['bakwan-sayur', 'Bakwan Sayur', 'Bakwan jagung dan sayur, 4 potong', 12000, 'fryer', []],
    ['kentang-goreng', 'Kentang Goreng', 'Kentang goreng dengan saus sambal', 18000, 'fryer', [ukuran]],
  ],
  minuman: [
    ['es-teh-manis', 'Teh Manis', 'Teh melati seduh', 8000, 'drinks', [suhu, gula, ukuran]],
    ['es-jeruk', 'Jeruk Peras', 'Jeruk peras segar', 12000, 'drinks', [suhu, gula, ukuran]],
    ['kopi-susu-gula-aren', 'Kopi Susu Gula Aren', 'Espresso, susu segar dan gula aren', 22000, 'drinks', [suhu, gula, ukuran]],
    ['es-kelapa-muda', 'Es Kelapa Muda', 'Air dan daging kelapa muda dengan sirup gula', 18000, 'drinks', [gula]],
    ['wedang-jahe', 'Wedang Jahe', 'Jahe bakar, serai dan gula batu', 12000, 'drinks', [gula]],
    ['jus-alpukat', 'Jus Alpukat', 'Alpukat mentega dengan susu cokelat', 20000, 'drinks', [gula, ukuran]],
  ],
  'pencuci-mulut': [
    ['es-campur', 'Es Campur', 'Cincau, kolang-kaling, nangka, alpukat dan sirup merah', 20000, 'dessert', []],
    ['es-cendol', 'Es Cendol', 'Cendol pandan dengan santan dan gula merah', 15000, 'dessert', []],
    ['klepon', 'Klepon', 'Bola ketan pandan isi gula merah, taburan kelapa', 12000, 'dessert', []],
    ['martabak-manis', 'Martabak Manis Mini', 'Martabak cokelat kacang keju', 25000, 'dessert', [tambahan]],
  ],
};

export const demoProducts: ProductData[] = Object.entries(rows).flatMap(([categoryId, list]) =>
  list.map(([id, name, description, price, station, optionGroups], i) => ({
    id, categoryId, name, description, imageUrl: `/media/products/${id}.svg`, price, available: true, station, sortOrder: i + 1, optionGroups,
  })),
);

export const demoSettings = (storeId: string) => ({
  storeId, storeName: `Warung Nusantara ${storeId}`, currency: 'IDR', taxRateBps: 1100, serviceChargeBps: 500, locale: 'id-ID', timeZone: 'Asia/Jakarta',
});
