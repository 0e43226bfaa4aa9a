import { useRouter } from 'vue-router';
import { useCartStore } from '../stores/cart';
import { useCheckoutStore } from '../stores/checkout';
import { useSessionStore } from '../stores/session';

/** Ends a customer's visit: empty cart, default language, back to the welcome screen. */
export function useSessionReset() {
  const router = useRouter();
  const cart = useCartStore();
  const checkout = useCheckoutStore();
  const session = useSessionStore();
  return async (): Promise<void> => {
    cart.clear();
    checkout.reset();
    session.reset();
    await router.replace({ name: 'welcome' });
  };
}
