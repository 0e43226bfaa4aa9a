/** Staff settings of one kiosk, kept in localStorage (they belong to the device, not to the store). */
export interface KioskSettings {
  kioskId: string;
  /** A label for staff ("S1 - Main street"); the server knows its own store id. */
  storeLabel: string;
  /** Seconds without a touch before "Are you still there?" (or straight back to welcome when the cart is empty). */
  idleSeconds: number;
  /** Seconds the "Are you still there?" prompt waits before clearing the cart. */
  promptSeconds: number;
  /** Seconds the confirmation screen stays before the next customer's welcome screen. */
  confirmationSeconds: number;
}

const storageKey = 'kiosk.settings.v1';

export function defaultSettings(): KioskSettings {
  return {
    kioskId: 'kiosk-1',
    storeLabel: '',
    idleSeconds: 60,
    promptSeconds: 20,
    confirmationSeconds: 20,
  };
}

const idPattern = /^[A-Za-z0-9_.:-]{1,64}$/;
const clampInt = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;

/** Reads stored settings, keeping each valid field and defaulting the rest (old or hand-edited storage). */
export function parseSettings(raw: string | null): KioskSettings {
  const defaults = defaultSettings();
  let stored: Partial<Record<keyof KioskSettings, unknown>> = {};
  try {
    stored = raw ? (JSON.parse(raw) as typeof stored) : {};
  } catch {
    stored = {};
  }
  return {
    kioskId: typeof stored.kioskId === 'string' && idPattern.test(stored.kioskId) ? stored.kioskId : defaults.kioskId,
    storeLabel: typeof stored.storeLabel === 'string' ? stored.storeLabel.slice(0, 60) : defaults.storeLabel,
    idleSeconds: clampInt(stored.idleSeconds, 15, 600, defaults.idleSeconds),
    promptSeconds: clampInt(stored.promptSeconds, 5, 120, defaults.promptSeconds),
    confirmationSeconds: clampInt(stored.confirmationSeconds, 5, 300, defaults.confirmationSeconds),
  };
}

export function isValidKioskId(id: string): boolean {
  return idPattern.test(id);
}

export function loadSettings(storage: Pick<Storage, 'getItem'> = localStorage): KioskSettings {
  return parseSettings(storage.getItem(storageKey));
}

export function saveSettings(settings: KioskSettings, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(storageKey, JSON.stringify(settings));
}
