/** The current time, ticking every `intervalMs` while the component is mounted (for "12 s ago" labels). */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export function useNow(intervalMs: number): Ref<number> {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | null = null;
  onMounted(() => { timer = setInterval(() => { now.value = Date.now(); }, intervalMs); });
  onBeforeUnmount(() => { if (timer) clearInterval(timer); });
  return now;
}
