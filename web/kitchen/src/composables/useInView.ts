/**
 * Whether an element is on screen (or near it). One IntersectionObserver serves every card of the rail, so
 * with hundreds of tickets open the cards out of view can stop following the per-second clock: they are not
 * seen, and catch up the moment they scroll in.
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

const flags = new WeakMap<Element, Ref<boolean>>();
let observer: IntersectionObserver | null = null;

function shared(): IntersectionObserver | null {
  if (observer === null && typeof IntersectionObserver !== 'undefined') {
    // A card's height of margin: a card about to scroll in is already up to date.
    observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const flag = flags.get(entry.target);
        if (flag) flag.value = entry.isIntersecting;
      }
    }, { rootMargin: '250px 0px' });
  }
  return observer;
}

/** True while `target` is within the viewport (plus a margin); true throughout where there is no observer. */
export function useInView(target: Readonly<Ref<Element | null>>): Readonly<Ref<boolean>> {
  const io = shared();
  const inView = ref(io === null);
  onMounted(() => {
    const el = target.value;
    if (!el || !io) return;
    flags.set(el, inView);
    io.observe(el);
  });
  onBeforeUnmount(() => {
    const el = target.value;
    if (!el || !io) return;
    io.unobserve(el);
    flags.delete(el);
  });
  return inView;
}
