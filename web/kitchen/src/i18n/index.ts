/** vue-i18n set-up shared by both apps: English and Bahasa Indonesia, composition API only. */
import { createI18n, useI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en.ts';
import { id } from './id.ts';

export const locales = ['en', 'id'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The browser's language if it is Indonesian, else English. */
export function browserLocale(): Locale {
  return navigator.language.toLowerCase().startsWith('id') ? 'id' : 'en';
}

export function createAppI18n(locale: Locale) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, id: id as MessageSchema },
  });
}

/** `useI18n` typed with this app's messages and locales, so a missing key is a type error. */
export function useAppI18n() {
  return useI18n<{ message: MessageSchema }, Locale>({ useScope: 'global' });
}
