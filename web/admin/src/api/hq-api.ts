/** Central's HQ API, one function per route the app uses (paths and shapes from the shared contract). */
import type { CatalogView, CentralStoresView } from '@kiosk/contracts/api';
import { requestJson, uploadFile } from './http.ts';
import type {
  AdminCatalog, AdminCategory, AdminProduct, AuditEntry, NewStoreRequest, NewStoreView, StoreRecord, AwaitingRow, ConflictView, FleetView, KitchenRow, NewTokenView, PaymentRow, ProductMixRow,
  Report, ResolveRequest, Role, SalesRow, SessionView, TokenView, UserView,
} from './types.ts';
import { toQuery } from '../lib/query.ts';
import type { ProductBody } from '../lib/product-draft.ts';

const enc = encodeURIComponent;

export const authApi = {
  login: (username: string, password: string) => requestJson<SessionView>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true }),
  logout: () => requestJson<null>('/api/auth/logout', { method: 'POST' }),
  me: () => requestJson<SessionView>('/api/auth/me', { quiet401: true }),
};

export const fleetApi = {
  fleet: () => requestJson<FleetView>('/api/admin/fleet'),
  stores: () => requestJson<CentralStoresView>('/api/stores'),
};

export const storesApi = {
  list: () => requestJson<{ stores: StoreRecord[] }>('/api/admin/stores'),
  create: (body: NewStoreRequest) => requestJson<NewStoreView>('/api/admin/stores', { method: 'POST', body }),
  setEnabled: (storeId: string, enabled: boolean) => requestJson<StoreRecord>(`/api/admin/stores/${enc(storeId)}/enabled`, { method: 'PUT', body: { enabled } }),
};

export const catalogApi = {
  snapshot: () => requestJson<AdminCatalog>('/api/admin/catalog'),
  preview: (storeId: string) => requestJson<CatalogView>(`/api/admin/catalog/preview${toQuery({ storeId })}`),
  setPrice: (productId: string, price: number, storeId?: string) =>
    requestJson<unknown>(`/api/admin/products/${enc(productId)}/price`, { method: 'PUT', body: storeId ? { price, storeId } : { price } }),
  createCategory: (body: { id: string; name: string; sortOrder: number; imageUrl?: string }) => requestJson<AdminCategory>('/api/admin/categories', { method: 'POST', body }),
  /** An image for a product or category: central answers its URL, the same for the same bytes. */
  uploadImage: (file: Blob) => uploadFile<{ url: string; sha256: string; contentType: string; size: number }>('/api/admin/media', file),
  updateCategory: (id: string, body: { name: string; sortOrder: number; imageUrl: string }) =>
    requestJson<AdminCategory>(`/api/admin/categories/${enc(id)}`, { method: 'PUT', body }),
  createProduct: (body: ProductBody) => requestJson<AdminProduct>('/api/admin/products', { method: 'POST', body }),
  replaceProduct: ({ id, ...body }: ProductBody) => requestJson<AdminProduct>(`/api/admin/products/${enc(id)}`, { method: 'PUT', body }),
  setAvailability: (productId: string, available: boolean, storeId?: string) =>
    requestJson<unknown>(`/api/admin/products/${enc(productId)}/availability`, { method: 'PUT', body: storeId ? { available, storeId } : { available } }),
};

export const conflictsApi = {
  list: (query: string) => requestJson<{ conflicts: ConflictView[] }>(`/api/conflicts${query}`),
  resolve: (id: number, body: ResolveRequest) => requestJson<ConflictView>(`/api/conflicts/${id}/resolve`, { method: 'POST', body }),
};

/** `query` is from `reportQuery`; the same query with `format=csv` is the export link. */
export const reportsApi = {
  sales: (query: string) => requestJson<Report<SalesRow>>(`/api/reports/sales${query}`),
  products: (query: string) => requestJson<Report<ProductMixRow>>(`/api/reports/products${query}`),
  payments: (query: string) => requestJson<Report<PaymentRow>>(`/api/reports/payments${query}`),
  awaiting: (query: string) => requestJson<Report<AwaitingRow>>(`/api/reports/awaiting-payment${query}`),
  kitchen: (query: string) => requestJson<Report<KitchenRow>>(`/api/reports/kitchen${query}`),
};

export const usersApi = {
  list: () => requestJson<{ users: UserView[] }>('/api/admin/users'),
  create: (body: { username: string; displayName: string; role: Role; password: string }) =>
    requestJson<UserView>('/api/admin/users', { method: 'POST', body }),
  update: (id: number, body: Partial<{ displayName: string; role: Role; disabled: boolean; password: string }>) =>
    requestJson<UserView>(`/api/admin/users/${id}`, { method: 'PATCH', body }),
  tokens: () => requestJson<{ tokens: TokenView[] }>('/api/admin/tokens'),
  createToken: (name: string, role: Role) => requestJson<NewTokenView>('/api/admin/tokens', { method: 'POST', body: { name, role } }),
  revokeToken: (id: number) => requestJson<null>(`/api/admin/tokens/${id}`, { method: 'DELETE' }),
};

export const auditApi = {
  list: (query: string) => requestJson<{ entries: AuditEntry[] }>(`/api/admin/audit${query}`),
};
