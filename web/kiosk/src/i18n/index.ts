import { createI18n } from 'vue-i18n';
import { en, type Messages } from './en';
import { id } from './id';

export const locales = ['id', 'en'] as const;
export type Locale = (typeof locales)[number];

/** BCP 47 tags for Intl (money, dates) per UI language. */
export const intlLocale: Record<Locale, string> = { id: 'id-ID', en: 'en-US' };

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'id',
  fallbackLocale: 'en',
  messages: { id, en },
});
