import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { OrderMode } from '@kiosk/contracts/api';
import { i18n, intlLocale, type Locale } from '../i18n';

/** One customer's visit: language, contrast, dine-in or takeaway. Reset for the next customer. */
export const useSessionStore = defineStore('session', () => {
  const locale = ref<Locale>('id');
  const highContrast = ref(false);
  const mode = ref<OrderMode>('takeaway');

  watch(
    locale,
    (value) => {
      i18n.global.locale.value = value;
      if (typeof document !== 'undefined') document.documentElement.lang = value;
    },
    { immediate: true },
  );
  watch(highContrast, (on) => typeof document !== 'undefined' && document.documentElement.classList.toggle('hc', on), { immediate: true });

  function reset(): void {
    locale.value = 'id';
    highContrast.value = false;
    mode.value = 'takeaway';
  }

  const intl = (): string => intlLocale[locale.value];

  return { locale, highContrast, mode, reset, intl };
});
