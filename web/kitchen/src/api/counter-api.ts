/** The counter screen's calls to the order service (through the gateway), with the counter device's token. */
import type {
  CounterOrdersView, CounterSettingsView, PairDeviceView, ReversalView, SettleMethod, SettlementView, ShiftView, ZReportView,
} from '@kiosk/contracts/api';
import { requestJson } from './http.ts';

export const pairCounter = (pin: string, name: string) =>
  requestJson<PairDeviceView>('/api/devices/pair', { method: 'POST', body: { pin, name, role: 'counter' } });

export const counterApi = (token: string) => ({
  settings: () => requestJson<CounterSettingsView>('/api/counter/settings', { token }),
  orders: (status: 'awaiting_payment' | 'paid', q: string) =>
    requestJson<CounterOrdersView>(`/api/counter/orders?status=${status}${q ? `&q=${encodeURIComponent(q)}` : ''}`, { token }),
  settle: (globalId: string, body: { settlementId: string; method: SettleMethod; tendered?: number; reference?: string }) =>
    requestJson<SettlementView>(`/api/orders/${globalId}/settle`, { method: 'POST', body, token }),
  reverse: (globalId: string, body: { reversalId: string; kind: 'void' | 'refund'; reason: string; managerPin: string; lines?: { lineNo: number; quantity: number }[] }) =>
    requestJson<ReversalView>(`/api/orders/${globalId}/reversals`, { method: 'POST', body, token }),
  shift: () => requestJson<ShiftView>('/api/counter/shifts/current', { token }),
  openShift: (shiftId: string, float: number) => requestJson<ShiftView>('/api/counter/shifts', { method: 'POST', body: { shiftId, float }, token }),
  move: (body: { movementId: string; direction: 'in' | 'out'; amount: number; reason: string }) =>
    requestJson<ShiftView>('/api/counter/shifts/current/movements', { method: 'POST', body, token }),
  closeShift: (counted: number) => requestJson<ShiftView>('/api/counter/shifts/current/close', { method: 'POST', body: { counted }, token }),
  closeDay: () => requestJson<ZReportView>('/api/counter/day-close', { method: 'POST', body: {}, token }),
});
export type CounterApi = ReturnType<typeof counterApi>;
