/**
 * vue-i18n for the store status page: its own small message set (English and Bahasa Indonesia), so the page
 * does not carry the kitchen display's strings and the display does not carry its.
 */
import { createI18n, useI18n } from 'vue-i18n';
import type { Locale } from './index.ts';
import { statusEn, type StatusMessages } from './status-en.ts';
import { statusId } from './status-id.ts';

export function createStatusI18n(locale: Locale) {
  return createI18n<[StatusMessages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en: statusEn, id: statusId },
  });
}

/** `useI18n` typed with the status page's messages, so a missing key is a type error. */
export function useStatusI18n() {
  return useI18n<{ message: StatusMessages }, Locale>({ useScope: 'global' });
}
