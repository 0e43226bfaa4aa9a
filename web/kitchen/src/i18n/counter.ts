/** vue-i18n for the counter screen: its own message set (English and Bahasa Indonesia). */
import { createI18n, useI18n } from 'vue-i18n';
import type { Locale } from './index.ts';
import { counterEn, type CounterMessages } from './counter-en.ts';
import { counterId } from './counter-id.ts';

export function createCounterI18n(locale: Locale) {
  return createI18n<[CounterMessages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en: counterEn, id: counterId },
  });
}

/** `useI18n` typed with the counter's messages, so a missing key is a type error. */
export function useCounterI18n() {
  return useI18n<{ message: CounterMessages }, Locale>({ useScope: 'global' });
}
