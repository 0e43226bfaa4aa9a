import { defineStore } from 'pinia';
import { ref } from 'vue';
import { hashPin, loadSettings, saveSettings, type KioskSettings } from '../lib/settings';
import { newGlobalId } from '../lib/ids';

/** Device settings behind the staff PIN (localStorage: they belong to this tablet). */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<KioskSettings>(loadSettings());

  function update(patch: Partial<Omit<KioskSettings, 'pinHash' | 'pinSalt'>>): void {
    settings.value = { ...settings.value, ...patch };
    saveSettings(settings.value);
  }

  function verifyPin(pin: string): boolean {
    return hashPin(pin, settings.value.pinSalt) === settings.value.pinHash;
  }

  /** Stores a new PIN as a salted hash; the PIN itself is never kept. */
  function changePin(pin: string): void {
    const pinSalt = newGlobalId();
    settings.value = { ...settings.value, pinSalt, pinHash: hashPin(pin, pinSalt) };
    saveSettings(settings.value);
  }

  /** Next provisional number for an offline order ("P-007"), counted per kiosk across reloads. */
  function nextProvisionalNumber(): string {
    const key = 'kiosk.provisional.v1';
    const next = ((Number(localStorage.getItem(key)) || 0) % 999) + 1;
    localStorage.setItem(key, String(next));
    return `P-${String(next).padStart(3, '0')}`;
  }

  return { settings, update, verifyPin, changePin, nextProvisionalNumber };
});
