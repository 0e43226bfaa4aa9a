/**
 * HTTP API of a store box: request schemas (validated by the services) and response shapes (relied on by the
 * kiosk, the kitchen display, scripts and tests). Field names are the contract of docs/architecture.md; more fields are fine,
 * renaming one is a breaking change.
 *
 * Money is always an integer in minor units of `currency` (IDR has no minor unit in practice: 25000 = Rp25.000).
 */
import { z } from 'zod';
import type { ReversalView } from './counter-api.js';

// ---------------------------------------------------------------- catalog

export interface OptionView {
  id: string;
  name: string;
  priceDelta: number;
  available: boolean;
}

export interface OptionGroupView {
  id: string;
  name: string;
  /** How many options the customer must pick (0 = optional). */
  min: number;
  /** How many options the customer may pick at most. */
  max: number;
  options: OptionView[];
}

export interface ProductView {
  id: string;
  categoryId: string;
  name: string;
  description: string;
  imageUrl: string;
  price: number;
  available: boolean;
  /** Kitchen station that cooks it (grill, fryer, drinks, ...): the kitchen display filters on it. */
  station: string;
  sortOrder: number;
  optionGroups: OptionGroupView[];
}

export interface CategoryView {
  id: string;
  name: string;
  sortOrder: number;
  imageUrl: string;
}

export interface StoreSettingsView {
  storeName: string;
  /** Tax in basis points of the subtotal (1000 = 10 %). */
  taxRateBps: number;
  /** Service charge in basis points of the subtotal (applies to dine-in only). */
  serviceChargeBps: number;
  locale: string;
  /** IANA time zone of the store: its business day follows it. */
  timeZone: string;
  /** Store-and-forward of cards while the acquirer is unreachable, set centrally; absent: the store's defaults. */
  offlineCard?: OfflineCardSettings;
}

/** Offline card limits in minor units; 0 as a limit takes no card offline. */
export interface OfflineCardSettings {
  perPaymentLimit: number;
  totalLimit: number;
  /** Hours an offline approval may wait to be forwarded before it is flagged (default 24). */
  expiryHours: number;
}

/** `GET /api/catalog` (ETag: `"<storeId>-<version>"`; If-None-Match answers 304). */
export interface CatalogView {
  storeId: string;
  version: number;
  currency: string;
  settings: StoreSettingsView;
  categories: CategoryView[];
  products: ProductView[];
}

// ---------------------------------------------------------------- orders

export const orderModes = ['dine_in', 'takeaway'] as const;
export type OrderMode = (typeof orderModes)[number];
export const paymentMethods = ['cash', 'card'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

/**
 * True when `text` has no control character. Postgres refuses NUL in text (a 500 if it got that far), and the
 * others have no place in a name or note printed on a receipt or a kitchen screen; notes may break lines.
 */
export function noControlCharacters(text: string): boolean {
  return !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text) && wellFormed(text);
}
/** True when `text` has no control character at all (line breaks included). */
export function noLineBreaks(text: string): boolean {
  return !/[\u0000-\u001f\u007f-\u009f]/.test(text) && wellFormed(text);
}
/** No lone UTF-16 surrogate: JSON would carry it as `\udXXX`, which Postgres' jsonb refuses (a 500 if it got that far). */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
const controlCharacterMessage = 'must not contain control characters or broken Unicode';
/** A name: one line, no control characters. */
export const nameText = (max: number) => z.string().trim().max(max).refine(noLineBreaks, controlCharacterMessage);
/** A note: may break lines, no other control characters. */
export const noteText = (max: number) => z.string().trim().max(max).refine(noControlCharacters, controlCharacterMessage);

/** `POST /api/orders` body. Unknown fields are rejected so a typo never silently drops data. */
export const placeOrderRequest = z.strictObject({
  globalId: z.uuid(),
  kioskId: id,
  mode: z.enum(orderModes),
  customerName: nameText(40).optional(),
  notes: noteText(200).optional(),
  lines: z
    .array(
      z.strictObject({
        productId: id,
        quantity: z.number().int().min(1).max(50),
        optionIds: z.array(id).max(20).default([]),
        notes: noteText(120).optional(),
      }),
    )
    .min(1)
    .max(50),
  /**
   * How the customer pays. Nothing here steers the card terminal: which terminal runs, and how a simulated one
   * answers, is the box's configuration (an unknown field such as `simulate` is refused with 400).
   */
  payment: z.strictObject({
    method: z.enum(paymentMethods),
  }),
  /** What the kiosk showed the customer. Checked against the server's price, never trusted. */
  expectedTotal: z.number().int().min(0).optional(),
});
export type PlaceOrderRequest = z.infer<typeof placeOrderRequest>;

export interface OrderLineOptionView {
  id: string;
  name: string;
  priceDelta: number;
}

export interface OrderLineView {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  options: OrderLineOptionView[];
  notes?: string;
  station: string;
  lineTotal: number;
}

export const paymentStatuses = ['pending', 'approved'] as const;
export interface PaymentView {
  /** What the kiosk asked for, or how the counter settled it (`qris` only at the counter). */
  method: PaymentMethod | 'qris';
  /** `pending`: to be paid at the counter; `approved`: card authorised by the terminal, or settled at the counter. */
  status: (typeof paymentStatuses)[number];
  /** What is (or was) to be collected: the total, less voids, plus the cash rounding once settled in cash. */
  amount: number;
  reference?: string;
  /** A card approved by the store while the card network was unreachable, forwarded to the acquirer later. */
  offline?: boolean;
  /** Set once settled at the counter (see SettlementView). */
  settledAt?: string;
  tendered?: number;
  changeDue?: number;
  rounding?: number;
}

/** `cancelled`: voided in full at the counter; `refunded`: paid, then refunded in full. */
export const orderStatuses = ['awaiting_payment', 'paid', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** `POST /api/orders` -> 201, `GET /api/orders/:globalId` -> 200. */
export interface OrderView {
  globalId: string;
  storeId: string;
  kioskId: string;
  orderNumber: string;
  businessDay: string;
  status: OrderStatus;
  mode: OrderMode;
  customerName?: string;
  notes?: string;
  currency: string;
  subtotal: number;
  tax: number;
  serviceCharge: number;
  total: number;
  lines: OrderLineView[];
  payment: PaymentView;
  catalogVersion: number;
  createdAt: string;
  /** Voids and refunds, oldest first (absent when there are none). */
  reversals?: ReversalView[];
}

// ---------------------------------------------------------------- kitchen

export const ticketStatuses = ['new', 'preparing', 'ready', 'served', 'cancelled'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketActions = ['start', 'ready', 'serve', 'recall', 'cancel'] as const;
export type TicketAction = (typeof ticketActions)[number];

export interface TicketLineView {
  productId: string;
  name: string;
  quantity: number;
  options: string[];
  notes?: string;
  station: string;
  /** Item-level "done" mark set by a cook; the ticket stays open until it is bumped. */
  done: boolean;
}

export interface TicketView {
  id: string;
  globalId: string;
  orderNumber: string;
  status: TicketStatus;
  /** Bumped on every change; send it back as `expectedVersion` to act only on what you saw. */
  version: number;
  mode: OrderMode;
  customerName?: string;
  notes?: string;
  lines: TicketLineView[];
  /** Whether the order is paid (a card at the kiosk, or settled at the counter): the display's paid/unpaid mark. */
  paid?: boolean;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  readyAt?: string;
  servedAt?: string;
}

/** `GET /api/kitchen/tickets` (open tickets plus those served or cancelled in the last hour). */
export interface TicketsView {
  tickets: TicketView[];
}

/**
 * `POST /api/kitchen/tickets/:id/:action` body. A stale `expectedVersion` answers 409 `version_conflict` with
 * `details.ticket` = the current ticket, so the display can show the server's truth. `cancel` needs `managerPin`
 * (403 `manager_pin_required` otherwise).
 */
export const ticketActionRequest = z.strictObject({
  expectedVersion: z.number().int().min(1).optional(),
  managerPin: z.string().max(12).optional(),
});
export type TicketActionRequest = z.infer<typeof ticketActionRequest>;

/** `POST /api/kitchen/tickets/:id/lines/:index/done` body (index is the 0-based line index). */
export const lineDoneRequest = z.strictObject({
  done: z.boolean(),
  expectedVersion: z.number().int().min(1).optional(),
});
export type LineDoneRequest = z.infer<typeof lineDoneRequest>;

/** `GET /api/kitchen/stats` -> figures of the current business day. */
export interface KitchenStatsView {
  businessDay: string;
  orders: number;
  served: number;
  open: number;
  avgPrepSeconds: number | null;
  p90PrepSeconds: number | null;
  /** Tickets whose prep (created -> ready) took longer than the late threshold, or open ones already past it. */
  late: number;
  lateAfterSeconds: number;
}

/** `GET /api/pickup` (no pairing needed: it shows numbers only). */
export interface PickupView {
  tickets: PickupTicketView[];
}
export interface PickupTicketView {
  orderNumber: string;
  customerName?: string;
  status: 'preparing' | 'ready';
  updatedAt: string;
}

/**
 * Pairing a screen: `POST /api/devices/pair` with the staff PIN -> 201 `{ token, deviceId, name, role,
 * expiresAt }`; wrong PIN -> 401 `invalid_pin`; too many wrong PINs -> 429 `too_many_attempts` (Retry-After,
 * `details.retryAfterSeconds`). Kitchen endpoints, the counter and the socket.io `kitchen` room then need
 * `Authorization: Bearer <token>` (socket.io: `auth: { token }`), 401 `unauthorized` without a live one. A
 * token lives 30 days after its last use (use renews it) and can be revoked by a manager.
 */
export const pairDeviceRequest = z.strictObject({
  pin: z.string().min(1).max(12),
  name: nameText(40).pipe(z.string().min(1)),
  role: z.enum(['kitchen', 'counter']),
});
export type PairDeviceRequest = z.infer<typeof pairDeviceRequest>;
export interface PairDeviceView {
  token: string;
  deviceId: string;
  name: string;
  role: 'kitchen' | 'counter';
  expiresAt: string;
}

/** `GET /api/devices` (a paired screen): the screens that can act now. */
export interface DeviceListView {
  devices: { id: string; name: string; role: string; pairedFrom: string | null; createdAt: string; lastSeenAt: string | null; expiresAt: string }[];
}
/**
 * `POST /api/devices/:id/revoke` (a paired screen, with the manager PIN): the device's token stops working at
 * once and its live sockets are dropped. Wrong PIN -> 403 `manager_pin_required`; 429 as for pairing.
 */
export const revokeDeviceRequest = z.strictObject({ managerPin: z.string().max(12) });

/**
 * `POST /api/kiosk/staff-session`: the kiosk's staff settings open only after the box checked the staff PIN
 * (throttled like every PIN). 201 `{ token, expiresAt }`: a short session (15 minutes).
 */
export const kioskStaffSessionRequest = z.strictObject({
  kioskId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
  pin: z.string().min(1).max(12),
});
export interface KioskStaffSessionView {
  token: string;
  expiresAt: string;
}

/**
 * socket.io (path `/socket.io/`): a client emits `join` with a room name. The `kitchen` room (paired devices
 * only) gets `ticket` with a full TicketView on every change; the `pickup` room gets `pickup` with a
 * PickupTicketView (status may also be `served`/`cancelled`, meaning: take the number off the board).
 */
export const socketRooms = ['kitchen', 'pickup'] as const;
export type SocketRoom = (typeof socketRooms)[number];
export const socketEvents = { join: 'join', ticket: 'ticket', pickup: 'pickup' } as const;
/** The acknowledgement of `join`: a refused join (no or bad device token for `kitchen`) says why. */
export type JoinAnswer = { ok: true; room: SocketRoom } | { ok: false; error: { code: string; message: string } };
export type PickupEvent = Omit<PickupTicketView, 'status'> & { status: TicketStatus };

// ---------------------------------------------------------------- errors and health

/** Every 4xx/5xx body. `code` is stable; `message` is for people; `details` is optional structured help. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * The sync figures a service adds to its `/health` (the order service and the uplink; the sync service reads
 * them for the status page and the heartbeat; the sync service's own answers the box's /health). null, or
 * absent, is unknown, never 0.
 */
export interface HealthSyncFigures {
  /** When central last confirmed this store's events (order service). */
  last_sync: string | null;
  /** Orders central has not confirmed yet (order service). */
  pending_sync: number | null;
  /** Events committed but not yet published to the store's NATS (order service). */
  outbox_pending?: number | null;
  /** Cards approved offline not forwarded to the acquirer yet, and those it declined later: count, amount (order service). */
  offline_cards_pending?: number | null;
  offline_cards_pending_amount?: number | null;
  offline_cards_failed?: number | null;
  offline_cards_failed_amount?: number | null;
  /** Times forwarding to central got stuck since the uplink started, and failed attempts for what it holds now (uplink). */
  sync_errors?: number | null;
  sync_attempts?: number | null;
  /** The disk guard (order service): the level of its data paths, and the fullest path's free and total bytes. */
  disk_level?: 'ok' | 'low' | 'full' | null;
  disk_free_bytes?: number | null;
  disk_total_bytes?: number | null;
  /** The box's /health (the sync service's): the leaf link to central and the store database's size. */
  link?: 'up' | 'down' | 'unknown';
  db_size_bytes?: number | null;
}

export interface HealthView extends HealthSyncFigures {
  status: 'ok' | 'degraded' | 'down';
  service: string;
  storeId: string;
  database: 'up' | 'down';
  redis: 'up' | 'down';
  nats: 'up' | 'down';
  disk_space: { freeBytes: number; totalBytes: number; freePercent: number };
  uptime: number;
  version: string;
}

/**
 * `GET /api/sync/status` at a store box: its sync figures for the store manager's status page (`/status/`).
 * The same object is pushed as `event: status` on the Server-Sent Events stream `GET /api/sync/status/stream`
 * every few seconds. A null figure is unknown (its source did not answer or does not report it yet), never 0.
 */
export interface StoreSyncStatusView {
  storeId: string;
  /** When the figures were gathered, by the box's clock: a page measures "x min ago" against it. */
  at: string;
  /** The leaf link to central (the store's internet link): `up` = online; `unknown` when nats-server's monitor did not answer. */
  link: 'up' | 'down' | 'unknown';
  /** Since when the link has been in that state, as far as the sync service has watched it (its own start at the earliest). */
  linkSince: string | null;
  /** Round trip to central over the link, in ms, while it is up. */
  linkRttMs: number | null;
  /** When central last confirmed the store's orders (its last receipt). */
  lastSync: string | null;
  /** Orders central has not confirmed yet. */
  pendingUpload: number | null;
  /** Events the order service has not yet handed to the store's own NATS (normally 0 within a second). */
  outboxPending: number | null;
  /** Cards approved offline while the acquirer was unreachable, not forwarded yet: count and amount (minor units). */
  offlineCardsPending: number | null;
  offlineCardsPendingAmount: number | null;
  /** Failed attempts to forward events to central since the uplink started. */
  syncErrors: number | null;
  /** Consecutive failed attempts for the events held right now; 0 while events flow. */
  syncAttempts: number | null;
  database: 'up' | 'down';
  /** The store database on disk. */
  dbSizeBytes: number | null;
  disk: { freeBytes: number; totalBytes: number } | null;
  /**
   * The order service's disk guard over the box's data paths: `low` warns, `full` means new orders are refused
   * (503 disk_full, kiosks queue them); null when the order service did not say.
   */
  diskLevel: 'ok' | 'low' | 'full' | null;
  /** Seconds since the sync service started. */
  uptimeSeconds: number;
  version: string;
}

// ---- Central (gateway 8000): what central-ingest committed, and the fleet's sync status ----

/** `GET /api/orders/:globalId` at central: the centrally committed order. */
export interface CentralOrderView {
  globalId: string;
  storeId: string;
  /** Central's number for the order: the store's, or the renamed one after a collision (`A-001-S2`). */
  orderNumber: string;
  /** The number the store gave it (on the customer's receipt). */
  storeOrderNumber: string;
  businessDay: string;
  mode: string;
  currency: string;
  subtotal: number;
  tax: number;
  serviceCharge: number;
  total: number;
  createdAt: string;
  syncedAt: string;
  priceOverride: boolean;
  lines: { productId: string; name: string; quantity: number; unitPrice: number; options: { id: string; name: string; priceDelta: number }[]; lineTotal: number }[];
  /** The latest reported state of the order's payment (null if the store reported none). */
  payment: { paymentId: string; method: string; status: string; amount: number; currency: string; reference: string | null } | null;
  /** From the payment and the counter's voids and refunds: `awaiting_payment`, `paid`, `cancelled` or `refunded`. */
  status?: string;
  /** Voids and refunds the store's counter recorded, oldest first. */
  reversals?: { reversalId: string; kind: string; amount: number; lines: { lineNo: number; quantity: number; amount: number }[]; reason: string; approvedBy: string; reversedAt: string }[];
}

export const centralLinkStatuses = ['online', 'offline', 'stale', 'unknown'] as const;
export type CentralLinkStatus = (typeof centralLinkStatuses)[number];

/** `GET /api/stores` at central: each configured store with its sync status. */
export interface CentralStoreView {
  storeId: string;
  /** From the last heartbeat: online/offline as the store saw its link; stale when heartbeats stopped; unknown before any. */
  link: CentralLinkStatus;
  lastHeartbeatAt: string | null;
  pendingUpload: number | null;
  ordersCommitted: number;
  /** Highest contiguous SALES stream sequence committed centrally (what the last receipt said). */
  lastReceiptSeq: number;
  /** From the last heartbeat: cards approved offline, not forwarded to the acquirer yet (count, amount); null before any. */
  offlineCardsPending: number | null;
  offlineCardsPendingAmount: number | null;
}
export interface CentralStoresView { stores: CentralStoreView[] }

/** `GET /api/conflicts` at central: every conflict, newest first. */
export interface CentralConflictView {
  id: number;
  kind: 'price_override' | 'order_number_collision' | 'availability_mismatch' | 'offline_card_declined' | 'offline_card_expired';
  storeId: string;
  globalId: string | null;
  businessDay: string | null;
  resolution: string;
  reviewStatus: string;
  details: Record<string, unknown>;
  createdAt: string;
}
export interface CentralConflictsView { conflicts: CentralConflictView[] }

export * from './counter-api.js';
