/**
 * Shapes of central's HQ API as the app reads them (the contract shared with central-admin). Money is an
 * integer in minor units of the store's currency (IDR).
 */
import type { CategoryView, CentralConflictView, CentralLinkStatus, OptionGroupView, OptionView, ProductView } from '@kiosk/contracts/api';

export const roles = ['owner', 'menu', 'finance', 'it'] as const;
export type Role = (typeof roles)[number];

export interface SessionUser { id: number; username: string; displayName: string; role: Role }
export interface SessionView { user: SessionUser; csrfToken: string }

export interface UserView extends SessionUser { disabled: boolean; createdAt: string; lastLoginAt: string | null }
export interface TokenView { id: number; name: string; role: Role; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }
export interface NewTokenView { id: number; name: string; role: Role; token: string }

export interface AuditEntry {
  id: number; at: string; actor: string; role: string | null; action: string; entityType: string; entityId: string | null;
  before: unknown; after: unknown; ip: string | null; userAgent: string | null;
}

export interface FleetAlert { name: string; severity: string; summary: string; since: string }
export interface FleetStore {
  storeId: string; link: CentralLinkStatus; lastHeartbeatAt: string | null; pendingUpload: number | null; lastSyncAt: string | null;
  version: string | null; catalogVersion: number | null; alerts: FleetAlert[];
  /** Cards approved offline and not yet forwarded to the acquirer, from the last heartbeat (null before any). */
  offlineCardsPending: number | null; offlineCardsPendingAmount: number | null;
}
export interface FleetView { stores: FleetStore[]; alertsSource: 'prometheus' | 'unavailable' }

export type OptionInput = OptionView;
export type OptionGroupInput = OptionGroupView;
/** Central's catalog entries: what a kiosk shows, plus the version of the last change to each. */
export interface AdminProduct extends ProductView { version: number; updatedAt?: string }
export interface AdminCategory extends CategoryView { version: number }
export interface AdminCatalog { categories: AdminCategory[]; products: AdminProduct[]; storeSettings: ({ storeId: string } & Record<string, unknown>)[] }

export type ConflictStatus = 'open' | 'resolved';
/**
 * `status` says whether a person still has to decide; `reviewStatus` names the rule's queue
 * (`accounting_review`, ...) until a decision, then `resolved`.
 */
export interface ConflictView extends CentralConflictView {
  status: ConflictStatus; decision?: 'accept' | 'adjust' | null; adjustmentAmount?: number | null;
  resolvedBy?: string | null; resolvedAt?: string | null; resolutionNote?: string | null;
}
export interface ResolveRequest { decision: 'accept' | 'adjust'; note?: string; amount?: number }

/** `sales` is gross less the refunds given in the bucket (refundsAmount); central computes it the same way. */
export interface SalesRow { storeId: string; bucket: string; orders: number; gross: number; tax: number; serviceCharge: number; net: number; refunds: number; refundsAmount: number; sales: number; avgTicket: number }
export type SalesTotals = Omit<SalesRow, 'storeId' | 'bucket'>;
export interface ProductMixRow { productId: string; name: string; quantity: number; revenue: number }
export interface PaymentRow { method: string; status: string; count: number; amount: number }
export interface AwaitingRow { storeId: string; globalId: string; orderNumber: string; total: number; createdAt: string }
export interface KitchenRow { storeId: string; tickets: number; p50PrepSeconds: number | null; p90PrepSeconds: number | null }
export interface Report<Row> { rows: Row[]; totals?: Partial<Record<string, number>>; currency?: string }

/** A store of the chain as central's stores table holds it (GET /api/admin/stores). */
export interface StoreRecord {
  id: string; name: string; address: string; enabled: boolean; leafUser: string; createdAt: string; updatedAt: string;
  settings: { storeName?: string; currency?: string; taxRateBps?: number; serviceChargeBps?: number; locale?: string; timeZone?: string } | null;
}
export interface NewStoreRequest {
  id: string; address: string;
  settings: { storeName: string; currency: string; taxRateBps: number; serviceChargeBps: number; locale: string; timeZone: string };
}
/** The answer to adding a store: its leaf credentials, shown once (central keeps only the password's hash). */
export interface NewStoreView { store: StoreRecord; leaf: { user: string; password: string; catalogSource: string } }
