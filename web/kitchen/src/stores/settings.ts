/**
 * Per-display settings, persisted in localStorage: which stations this screen cooks for (empty = expo),
 * age thresholds, sound and language. A display can also be set up by URL (`?stations=grill,fryer`), handy
 * when mounting screens: the URL wins and is remembered.
 */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { defaultThresholds, type AgeThresholds } from '../lib/ticket-age.ts';
import { browserLocale, isLocale, type Locale } from '../i18n/index.ts';

const storageKey = 'kds.settings';

interface StoredSettings {
  stations: string[];
  thresholds: AgeThresholds;
  muted: boolean;
  locale: Locale;
}

function load(): StoredSettings {
  const fallback: StoredSettings = { stations: [], thresholds: { ...defaultThresholds }, muted: false, locale: browserLocale() };
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<StoredSettings> | null;
    if (raw === null) return fallback;
    const t = raw.thresholds;
    return {
      stations: Array.isArray(raw.stations) ? raw.stations.filter((s) => typeof s === 'string') : [],
      thresholds: t && t.amberSeconds > 0 && t.redSeconds > t.amberSeconds ? t : fallback.thresholds,
      muted: raw.muted === true,
      locale: isLocale(raw.locale) ? raw.locale : fallback.locale,
    };
  } catch {
    return fallback; // a corrupt entry must not keep the kitchen screen from starting
  }
}

function stationsFromUrl(): string[] | null {
  const param = new URLSearchParams(window.location.search).get('stations');
  if (param === null) return null;
  return param === 'expo' ? [] : param.split(',').map((s) => s.trim()).filter(Boolean);
}

export const useSettingsStore = defineStore('settings', () => {
  const initial = load();
  const stations = ref<string[]>(stationsFromUrl() ?? initial.stations);
  const thresholds = ref<AgeThresholds>(initial.thresholds);
  const muted = ref(initial.muted);
  const locale = ref<Locale>(initial.locale);

  watch(
    [stations, thresholds, muted, locale],
    () => {
      const stored: StoredSettings = { stations: stations.value, thresholds: thresholds.value, muted: muted.value, locale: locale.value };
      localStorage.setItem(storageKey, JSON.stringify(stored));
    },
    { deep: true, immediate: true },
  );

  function toggleStation(station: string): void {
    stations.value = stations.value.includes(station)
      ? stations.value.filter((s) => s !== station)
      : [...stations.value, station].sort();
  }

  return { stations, thresholds, muted, locale, toggleStation };
});
