import { defineStore } from 'pinia';
import { ref } from 'vue';
import { loadSettings, saveSettings, type KioskSettings } from '../lib/settings';

/** Device settings behind the staff PIN, which the box checks (localStorage: they belong to this tablet). */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<KioskSettings>(loadSettings());

  function update(patch: Partial<KioskSettings>): void {
    settings.value = { ...settings.value, ...patch };
    saveSettings(settings.value);
  }

  /** Next provisional number for an offline order ("P-007"), counted per kiosk across reloads. */
  function nextProvisionalNumber(): string {
    const key = 'kiosk.provisional.v1';
    const next = ((Number(localStorage.getItem(key)) || 0) % 999) + 1;
    localStorage.setItem(key, String(next));
    return `P-${String(next).padStart(3, '0')}`;
  }

  return { settings, update, nextProvisionalNumber };
});
