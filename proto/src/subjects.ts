/**
 * Every NATS subject, stream and durable consumer name in one place, so no service spells one by hand.
 *
 * Store-side subjects start with `store.<storeId>.` so a store's traffic is recognisable on any server and
 * never collides with another store's once central sources them. The major contract version sits in the
 * subject (`.v1.`), so a v2 contract can be published beside v1 during a fleet upgrade.
 */

/** Store ids become subject tokens and stream names: lower-case letters, digits and dashes only. */
export const storeIdPattern = /^[a-z0-9][a-z0-9-]{0,30}$/;

export function assertStoreId(storeId: string): string {
  if (!storeIdPattern.test(storeId)) throw new Error(`invalid store id ${JSON.stringify(storeId)}`);
  return storeId;
}

/** Stream names are upper-case; a dash is fine in a stream name but not in every tool, so map it to `_`. */
const streamSuffix = (storeId: string) => assertStoreId(storeId).toUpperCase().replace(/-/g, '_');

export const subjects = {
  /** The start of every subject of one store (what its uplink forwards, nothing else of it). */
  storePrefix: (storeId: string) => `store.${storeId}.`,
  /** Every subject of one store: what its hub account exports and imports. */
  storeAll: (storeId: string) => `store.${storeId}.>`,
  orderCreated: (storeId: string) => `store.${storeId}.orders.v1.created`,
  paymentRecorded: (storeId: string) => `store.${storeId}.payments.v1.recorded`,
  /** Voids and refunds approved by a manager at the counter. */
  paymentReversed: (storeId: string) => `store.${storeId}.payments.v1.reversed`,
  /** The Z report of a closed business day. */
  dayClosed: (storeId: string) => `store.${storeId}.payments.v1.day_closed`,
  /** A card approved offline that the acquirer declined later (or that expired unforwarded): a conflict at central. */
  offlineCardFailed: (storeId: string) => `store.${storeId}.payments.v1.offline_card_failed`,
  /** Every money event after an order's creation (payments, reversals, day close): what the kitchen follows. */
  paymentsAll: (storeId: string) => `store.${storeId}.payments.>`,
  /** Everything that carries money: orders and payments travel together, apart from telemetry. */
  salesAll: (storeId: string) => [`store.${storeId}.orders.>`, `store.${storeId}.payments.>`],
  ticketChanged: (storeId: string) => `store.${storeId}.kitchen.v1.ticket`,
  kitchenAll: (storeId: string) => `store.${storeId}.kitchen.>`,
  /** A catalog change for one store (central's store-specific changes, or the store's own seed). */
  catalogForStore: (storeId: string, kind: string, id: string) => `catalog.store.${storeId}.v1.${kind}.${id}`,
  /** A catalog change for every store (central). */
  catalogGlobal: (kind: string, id: string) => `catalog.global.v1.${kind}.${id}`,
  catalogStoreAll: (storeId: string) => `catalog.store.${storeId}.>`,
  catalogGlobalAll: 'catalog.global.>',
  /** Every store-specific catalog change of the fleet (central's catalog stream holds them all). */
  catalogEveryStore: 'catalog.store.*.>',
  /** Core NATS (not persisted): the catalog service says "version N is live" so others refresh at once. */
  catalogVersionLive: (storeId: string) => `store.${storeId}.catalog.live`,
  telemetryAll: (storeId: string) => `store.${storeId}.telemetry.>`,
  heartbeat: (storeId: string) => `store.${storeId}.telemetry.v1.heartbeat`,
  /** Central -> one store: receipts (what central committed) and conflict decisions. */
  receipt: (storeId: string) => `central.store.${storeId}.v1.receipt`,
  decision: (storeId: string) => `central.store.${storeId}.v1.decision`,
  centralForStore: (storeId: string) => `central.store.${storeId}.>`,
} as const;

export const streams = {
  /** Orders and payments of one store: money, never dropped before central has it. */
  sales: (storeId: string) => `SALES_${streamSuffix(storeId)}`,
  /** Kitchen ticket changes of one store. */
  kitchen: (storeId: string) => `KITCHEN_${streamSuffix(storeId)}`,
  /** The catalog as this store sees it: its own changes, later also sourced from central. */
  catalog: (storeId: string) => `CATALOG_${streamSuffix(storeId)}`,
  /** Heartbeats and other telemetry of one store: apart from sales, so a backlog here never delays money. */
  telemetry: (storeId: string) => `TELEMETRY_${streamSuffix(storeId)}`,
  /** Receipts and decisions from central for one store, on the store box. */
  central: (storeId: string) => `CENTRAL_${streamSuffix(storeId)}`,
} as const;

export const consumers = {
  /** The kitchen service's durable consumer on the sales stream (order created -> ticket). */
  kitchenOrders: 'kitchen-orders',
  /** The kitchen service's durable consumer of payments and day closes (paid mark, cook on payment, close-out). */
  kitchenPayments: 'kitchen-payments',
  /** The catalog service's durable consumer on the catalog stream (apply LWW into Postgres). */
  catalogApply: 'catalog-apply',
  /** central-ingest's durable consumer on each store's hub streams (shared by every ingest replica). */
  centralIngest: 'central-ingest',
  /** The uplink's durable consumer on each store stream it forwards to central. */
  uplink: 'uplink',
  /** The order service's durable consumer on the store's CENTRAL_<ID> stream (receipts and decisions). */
  orderCentralSync: 'order-central-sync',
} as const;

/** Headers carried on every event. */
export const headers = {
  /** JetStream's dedupe header; always the event id. */
  msgId: 'Nats-Msg-Id',
  /** Correlation id: the order's globalId, so one order can be followed across services in the logs. */
  correlationId: 'Kiosk-Correlation-Id',
  /** Fully qualified protobuf message name of the payload, e.g. kiosk.events.v1.OrderCreated. */
  eventType: 'Kiosk-Event-Type',
  /** Set by the store's uplink: the message's sequence in the store's own stream (what receipts count in). */
  storeSeq: 'Kiosk-Store-Seq',
  /** Set by the store's uplink: the first sequence of that store stream (its start; see SyncReceipt.stream_start). */
  streamStart: 'Kiosk-Stream-Start',
} as const;

/** CatalogChanged.origin of the writers other than a store (a store's own changes carry its store id). */
export const catalogOrigins = {
  /** Head office's menu editing: the version a store applied from it is what central compares with its own. */
  central: 'central',
  /** The demo menu a box seeds itself with. */
  seed: 'seed',
} as const;
