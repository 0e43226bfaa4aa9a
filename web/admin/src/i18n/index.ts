/** vue-i18n set-up: English and Bahasa Indonesia, composition API only; the choice is remembered. */
import { createI18n, useI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en.ts';
import { id } from './id.ts';

export const locales = ['en', 'id'] as const;
export type Locale = (typeof locales)[number];
const storageKey = 'hq.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** `?lang=` first (links and tests), then the remembered choice, then the browser's language. */
export function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  const saved = localStorage.getItem(storageKey);
  if (isLocale(saved)) return saved;
  return navigator.language.toLowerCase().startsWith('id') ? 'id' : 'en';
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(storageKey, locale);
  document.documentElement.lang = locale;
}

export function createAppI18n(locale: Locale) {
  document.documentElement.lang = locale;
  return createI18n<[MessageSchema], Locale, false>({ legacy: false, locale, fallbackLocale: 'en', messages: { en, id } });
}

/** `useI18n` typed with this app's messages and locales, so a missing key is a type error. */
export function useAppI18n() {
  return useI18n<{ message: MessageSchema }, Locale>({ useScope: 'global' });
}

/** The Intl locale for numbers and dates in the chosen language. */
export function intlLocale(locale: Locale): string {
  return locale === 'id' ? 'id-ID' : 'en-GB';
}

/** Dates and times in the chosen language ("26 Nov 2026, 14.05" / "26 Nov 2026, 14:05"). */
export function useDateFormat() {
  const { locale } = useAppI18n();
  const format = (iso: string | null | undefined, options: Intl.DateTimeFormatOptions): string =>
    (iso ? new Date(iso).toLocaleString(intlLocale(locale.value), options) : '');
  return {
    dateTime: (iso: string | null | undefined) => format(iso, { dateStyle: 'medium', timeStyle: 'short' }),
    dateTimeSeconds: (iso: string | null | undefined) => format(iso, { dateStyle: 'medium', timeStyle: 'medium' }),
    time: (ms: number) => new Date(ms).toLocaleTimeString(intlLocale(locale.value)),
  };
}
