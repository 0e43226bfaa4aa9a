import { onBeforeUnmount, onMounted, ref } from 'vue';

const activityEvents = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;

/**
 * Seconds since the last touch, key or scroll, ticking once a second. `reset()` counts from now.
 * Listens in the capture phase so no component can swallow the activity.
 */
export function useIdle() {
  const idleSeconds = ref(0);
  let last = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const reset = (): void => {
    last = Date.now();
    idleSeconds.value = 0;
  };
  onMounted(() => {
    for (const name of activityEvents) window.addEventListener(name, reset, { capture: true, passive: true });
    timer = setInterval(() => (idleSeconds.value = Math.floor((Date.now() - last) / 1000)), 1000);
  });
  onBeforeUnmount(() => {
    for (const name of activityEvents) window.removeEventListener(name, reset, { capture: true });
    clearInterval(timer);
  });
  return { idleSeconds, reset };
}
