/**
 * A clock that ticks once a second, corrected by the offset measured against the server's `Date` header, so
 * elapsed times agree between a display with a wrong clock and the server's timestamps.
 */
import { onScopeDispose, ref, type Ref } from 'vue';

export function useNow(offsetMs: Ref<number>, intervalMs = 1000): Readonly<Ref<number>> {
  const now = ref(Date.now() + offsetMs.value);
  const timer = setInterval(() => {
    now.value = Date.now() + offsetMs.value;
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
