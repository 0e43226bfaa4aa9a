import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { KioskStaffSessionView } from '@kiosk/contracts/api';

/**
 * Whether staff unlocked the settings: the box checked the staff PIN and gave a short session (memory only:
 * a reload locks them again).
 */
export const useStaffStore = defineStore('staff', () => {
  const unlocked = ref(false);
  const pinDialogOpen = ref(false);
  const session = ref<KioskStaffSessionView | null>(null);
  /** Unlocked and the box's session still running (it lasts 15 minutes; then the PIN is asked again). */
  function mayOpenSettings(nowMs = Date.now()): boolean {
    return unlocked.value && session.value !== null && Date.parse(session.value.expiresAt) > nowMs;
  }
  return { unlocked, pinDialogOpen, session, mayOpenSettings };
});
