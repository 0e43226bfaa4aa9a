import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Whether staff unlocked the settings with the PIN (memory only: a reload locks them again). */
export const useStaffStore = defineStore('staff', () => {
  const unlocked = ref(false);
  const pinDialogOpen = ref(false);
  return { unlocked, pinDialogOpen };
});
