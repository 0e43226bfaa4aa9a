/**
 * Polls a loader every `intervalMs` while the page is open and exposes the state of that live view
 * (`idle | loading | live | offline | error`). A poll never overlaps the previous one.
 */
import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import { ApiError } from '../api/http.ts';

export type LiveState = 'idle' | 'loading' | 'live' | 'offline' | 'error';

export function usePolling<T>(load: () => Promise<T>, intervalMs: number): { data: Ref<T | null>; state: Ref<LiveState>; error: Ref<string | null>; updatedAt: Ref<number | null>; refresh: () => Promise<void> } {
  const data = shallowRef<T | null>(null);
  const state = ref<LiveState>('idle');
  const error = ref<string | null>(null);
  const updatedAt = ref<number | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function refresh(): Promise<void> {
    if (state.value === 'idle') state.value = 'loading';
    try {
      data.value = await load();
      state.value = 'live';
      error.value = null;
      updatedAt.value = Date.now();
    } catch (e) {
      state.value = e instanceof ApiError && e.status === 0 ? 'offline' : 'error';
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  async function loop(): Promise<void> {
    await refresh();
    if (!stopped) timer = setTimeout(() => void loop(), intervalMs);
  }

  onMounted(() => void loop());
  onBeforeUnmount(() => {
    stopped = true;
    if (timer) clearTimeout(timer);
  });
  return { data, state, error, updatedAt, refresh };
}
