/**
 * A clock that ticks once a second, corrected by the offset measured against the server's `Date` header, so
 * elapsed times agree between a display with a wrong clock and the server's timestamps.
 *
 * The page provides one clock; components inject it. Only what reads it re-renders each second (the elapsed
 * labels), not the whole rail: with 200 tickets open that is the difference between 200 tiny text updates and
 * 200 card renders a second.
 */
import { inject, onScopeDispose, provide, ref, shallowRef, watchEffect, type InjectionKey, type Ref } from 'vue';

const nowKey: InjectionKey<Readonly<Ref<number>>> = Symbol('now');

export function useNow(offsetMs: Ref<number>, intervalMs = 1000): Readonly<Ref<number>> {
  const now = ref(Date.now() + offsetMs.value);
  const timer = setInterval(() => {
    now.value = Date.now() + offsetMs.value;
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}

/** Creates the page's clock and hands it to every component below. */
export function provideNow(offsetMs: Ref<number>): Readonly<Ref<number>> {
  const now = useNow(offsetMs);
  provide(nowKey, now);
  return now;
}

/** The clock provided by the page (a fresh, uncorrected one if none was provided). */
export function injectNow(): Readonly<Ref<number>> {
  return inject(nowKey, null) ?? useNow(ref(0));
}

/**
 * The page's clock while `live`, held at its last value while not: a ticket card out of view does not re-render
 * every second, and shows the right time again as soon as it is live.
 */
export function useCardClock(live: Readonly<Ref<boolean>>): Readonly<Ref<number>> {
  const clock = injectNow();
  const now = shallowRef(clock.value);
  watchEffect(() => {
    if (live.value) now.value = clock.value;
  });
  return now;
}
