import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OrderMode, OrderView, PaymentMethod, PlaceOrderRequest } from '@kiosk/contracts/api';
import { ApiError, getOrder, placeOrder } from '../lib/api';
import { classifyOrderAnswer } from '../lib/retry-policy';
import { newGlobalId } from '../lib/ids';
import { useCartStore } from './cart';
import { useCatalogStore } from './catalog';
import { useQueueStore } from './queue';
import { useSessionStore } from './session';
import { useSettingsStore } from './settings';

export type PaymentPhase = 'idle' | 'sending' | 'terminal' | 'declined' | 'timeout' | 'rejected';

/** What the confirmation screen and the receipt show, from the server's answer or, offline, from the cart. */
export interface Confirmation {
  globalId: string;
  number: string;
  provisional: boolean;
  /** The number the customer was first given offline, kept once the server has assigned the real one. */
  provisionalNumber?: string;
  /** How it was paid: a kiosk offers cash and card; the counter may settle with QRIS. */
  method: OrderView['payment']['method'];
  paid: boolean;
  mode: OrderMode;
  customerName?: string;
  currency: string;
  subtotal: number;
  serviceCharge: number;
  tax: number;
  total: number;
  lines: { name: string; quantity: number; options: string[]; lineTotal: number }[];
  createdAt: string;
}

const lastOrderKey = 'kiosk.lastOrder.v1';

function confirmationFromServer(order: OrderView): Confirmation {
  return {
    globalId: order.globalId, number: order.orderNumber, provisional: false,
    // QRIS exists only at the counter: for the kiosk that order was one to pay at the counter ("cash").
    method: order.payment.method === 'qris' ? 'cash' : order.payment.method,
    paid: order.payment.status === 'approved' || order.status === 'paid', mode: order.mode,
    customerName: order.customerName, currency: order.currency, subtotal: order.subtotal,
    serviceCharge: order.serviceCharge, tax: order.tax, total: order.total, createdAt: order.createdAt,
    lines: order.lines.map((l) => ({ name: l.name, quantity: l.quantity, options: l.options.map((o) => o.name), lineTotal: l.lineTotal })),
  };
}

/** Checkout and payment: one attempt chain per cart content, one globalId for the whole chain. */
export const useCheckoutStore = defineStore('checkout', () => {
  const customerName = ref('');
  const notes = ref('');
  const method = ref<PaymentMethod>('card');
  const phase = ref<PaymentPhase>('idle');
  const rejection = ref<string | null>(null);
  const lastOrder = ref<Confirmation | null>(JSON.parse(sessionStorage.getItem(lastOrderKey) ?? 'null') as Confirmation | null);
  let globalId: string | null = null;
  let globalIdFor = '';

  const cart = useCartStore();
  const catalog = useCatalogStore();
  const session = useSessionStore();
  const settings = useSettingsStore();
  const queue = useQueueStore();

  // A queued order reached the server while its confirmation is still on screen: show the real number.
  queue.onDelivered((id) => {
    const shown = lastOrder.value;
    if (!shown?.provisional || shown.globalId !== id) return;
    void getOrder(id)
      .then((order) => {
        if (!order || lastOrder.value?.globalId !== id) return;
        lastOrder.value = { ...confirmationFromServer(order), provisionalNumber: shown.number };
        sessionStorage.setItem(lastOrderKey, JSON.stringify(lastOrder.value));
      })
      .catch(() => undefined);
  });

  /** Declined and timed-out attempts wrote nothing, so a retry (card or cash) may reuse the globalId. */
  function attemptId(): string {
    if (!globalId || globalIdFor !== cart.fingerprint) {
      globalId = newGlobalId();
      globalIdFor = cart.fingerprint;
    }
    return globalId;
  }

  function buildRequest(method: PaymentMethod): PlaceOrderRequest {
    const name = customerName.value.trim();
    const note = notes.value.trim();
    return {
      globalId: attemptId(),
      kioskId: settings.settings.kioskId,
      mode: session.mode,
      ...(name ? { customerName: name.slice(0, 40) } : {}),
      ...(note ? { notes: note.slice(0, 200) } : {}),
      lines: cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, optionIds: [...l.optionIds] })),
      // The card terminal's answer is the box's business (its configuration), never the kiosk's request.
      payment: { method },
      expectedTotal: cart.totals.total,
    };
  }

  function finish(confirmation: Confirmation): void {
    lastOrder.value = confirmation;
    sessionStorage.setItem(lastOrderKey, JSON.stringify(confirmation));
    cart.clear();
    customerName.value = '';
    notes.value = '';
    globalId = null;
    phase.value = 'idle';
  }

  /** Offline: keep the order (always cash) in the queue and give the customer a provisional number. */
  async function queueOffline(request: PlaceOrderRequest): Promise<void> {
    const cash: PlaceOrderRequest = { ...request, payment: { method: 'cash' } };
    const provisionalNumber = settings.nextProvisionalNumber();
    const totals = cart.totals;
    await queue.enqueue({ globalId: cash.globalId, request: cash, provisionalNumber, total: totals.total, currency: catalog.currency, createdAt: Date.now() });
    finish({
      globalId: cash.globalId, number: provisionalNumber, provisional: true, method: 'cash', paid: false, mode: cash.mode,
      customerName: cash.customerName, currency: catalog.currency, ...totals, createdAt: new Date().toISOString(),
      lines: cart.views.map((v) => ({
        name: v.product?.name ?? v.productId, quantity: v.quantity, lineTotal: v.lineTotal,
        options: v.product?.optionGroups.flatMap((g) => g.options.filter((o) => v.optionIds.includes(o.id)).map((o) => o.name)) ?? [],
      })),
    });
  }

  /** Places the order; resolves when the customer has a confirmation or must decide (declined, refused). */
  async function submit(method: PaymentMethod): Promise<'done' | 'retry'> {
    const request = buildRequest(method);
    phase.value = method === 'card' ? 'terminal' : 'sending';
    rejection.value = null;
    try {
      const order = await placeOrder(request);
      queue.markReachable();
      void queue.kick();
      finish(confirmationFromServer(order));
      return 'done';
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      const code = error instanceof ApiError ? error.code : undefined;
      const outcome = classifyOrderAnswer(status, code);
      if (outcome.kind === 'unreachable') {
        await queueOffline(request);
        return 'done';
      }
      queue.markReachable();
      if (outcome.kind === 'payment_failed') {
        phase.value = outcome.code === 'payment_declined' ? 'declined' : 'timeout';
        return 'retry';
      }
      return handleRejection(request, outcome.kind === 'rejected' ? outcome.code : 'unexpected_answer');
    }
  }

  async function handleRejection(request: PlaceOrderRequest, code: string): Promise<'done' | 'retry'> {
    if (code === 'idempotency_conflict') {
      // An earlier attempt of this chain did reach the server after all: that order stands.
      const existing = await getOrder(request.globalId).catch(() => null);
      if (existing) {
        finish(confirmationFromServer(existing));
        return 'done';
      }
    }
    globalId = null;
    await catalog.refreshNow().catch(() => undefined);
    rejection.value = code;
    phase.value = 'rejected';
    return 'retry';
  }

  function resetPhase(): void {
    phase.value = 'idle';
    rejection.value = null;
  }

  /** A new customer: forget everything of the last one. */
  function reset(): void {
    customerName.value = '';
    notes.value = '';
    method.value = 'card';
    globalId = null;
    resetPhase();
    lastOrder.value = null;
    sessionStorage.removeItem(lastOrderKey);
  }

  return { customerName, notes, method, phase, rejection, lastOrder, submit, resetPhase, reset };
});
