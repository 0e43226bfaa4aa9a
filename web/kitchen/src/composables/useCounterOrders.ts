import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { CounterOrderView } from '@kiosk/contracts/api';
import { ApiError } from '../api/http.ts';
import type { CounterApi } from '../api/counter-api.ts';

/**
 * The counter's list of orders (awaiting payment or paid), searched by `query`, refreshed every few seconds:
 * a kiosk order appears without the cashier touching anything. `state` says whether the list is live.
 */
export function useCounterOrders(api: CounterApi, status: Ref<'awaiting_payment' | 'paid'>, query: Ref<string>, onUnauthorized: () => void) {
  const orders = ref<CounterOrderView[]>([]);
  const state = ref<'idle' | 'loading' | 'live' | 'offline' | 'error'>('idle');
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function refresh(): Promise<void> {
    if (timer) clearTimeout(timer);
    if (state.value === 'idle') state.value = 'loading';
    try {
      orders.value = (await api.orders(status.value, query.value.trim())).body.orders;
      state.value = 'live';
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return onUnauthorized();
      state.value = e instanceof ApiError && e.status === 0 ? 'offline' : 'error';
    }
    if (!stopped) timer = setTimeout(() => void refresh(), 3_000);
  }

  watch([status, query], () => void refresh());
  void refresh();
  onBeforeUnmount(() => {
    stopped = true;
    if (timer) clearTimeout(timer);
  });
  return { orders, state, refresh };
}
