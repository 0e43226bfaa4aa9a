/**
 * Names on central's NATS hub that a store box and central must spell alike: the accounts, the streams that
 * carry central's catalog and receipts down to a store, and the prefixes under which one account reaches
 * another's JetStream API or delivers a source. Central's hub config renders them; a store's uplink uses them.
 */
import { assertStoreId, subjects } from './subjects.js';

/** The account of one store on the hub: `s1` -> `S1`, `north-3` -> `NORTH_3`. */
export const storeAccount = (storeId: string) => assertStoreId(storeId).toUpperCase().replace(/-/g, '_');

/**
 * The account on the hub holding what central sends down to one store. Upper-case store accounts never hold a
 * dash, so `DOWN-S1` cannot collide with a store's account.
 */
export const downAccount = (storeId: string) => `DOWN-${storeAccount(storeId)}`;

export const hubStreams = {
  /** Central's catalog, in HUB: every global change and every store-specific one. */
  catalog: 'CATALOG',
  /** Central's catalog for one store (global subjects plus that store's own), in its down account. */
  catalogToStore: (storeId: string) => `CATALOG_TO_${storeAccount(storeId)}`,
  /** Receipts and decisions for one store (`central.store.<id>.>`), in its down account. */
  centralToStore: (storeId: string) => `CENTRAL_TO_${storeAccount(storeId)}`,
} as const;

export const hubPrefixes = {
  /** A store's uplink publishes `<prefix>.store.<id>...`; its account's import maps that into HUB. */
  uplinkSubject: 'uplink',
  /** How a store reaches the consumer API of its down streams. */
  hubApi: 'hubjs.API',
  /** How HUB's operator manages a store's down account's JetStream. */
  downApi: (storeId: string) => `downjs.${assertStoreId(storeId)}.API`,
  /** How CATALOG_TO_<ID> in a down account reaches HUB's CATALOG. */
  hubCatalogApi: 'hubcat.API',
  /** The store's own JetStream API as HUB sees it through the store's export (central sourcing a store stream). */
  storeApi: (storeId: string) => `$JS.${assertStoreId(storeId)}.API`,
  /** Where a store's catalog and central sources deliver, and where HUB's sales sourcing of a store delivers. */
  catalogDeliver: (storeId: string) => `catdeliver.${assertStoreId(storeId)}`,
  centralDeliver: (storeId: string) => `centraldeliver.${assertStoreId(storeId)}`,
  salesDeliver: (storeId: string) => `deliver.${assertStoreId(storeId)}`,
  /** Where CATALOG_TO_<ID>'s source of HUB's CATALOG delivers. */
  catalogSourceDeliver: (storeId: string) => `catsource.${assertStoreId(storeId)}`,
} as const;

/** What a store's uplink publishes one of its subjects as (`store.s1.orders...` -> `uplink.store.s1.orders...`). */
export const uplinkSubjectOf = (prefix: string, storeSubject: string) => `${prefix}.${storeSubject}`;

/** Everything a store's uplink may publish into HUB, as its account's import names it. */
export const uplinkStoreAll = (storeId: string) => uplinkSubjectOf(hubPrefixes.uplinkSubject, subjects.storeAll(storeId));
