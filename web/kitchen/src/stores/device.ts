/**
 * The display's pairing: a device token from `POST /api/devices/pair` (staff PIN), kept in localStorage so a
 * restart or power cut does not ask the cooks for the PIN again. The box renews the token while the display
 * is in use (30 days after its last use); a 401 anywhere (expired, revoked) calls `forget()`.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { pairDevice } from '../api/kitchen-api.ts';

const tokenKey = 'kds.deviceToken';
const nameKey = 'kds.deviceName';
const idKey = 'kds.deviceId';

export const useDeviceStore = defineStore('device', () => {
  const token = ref<string | null>(localStorage.getItem(tokenKey));
  const name = ref<string>(localStorage.getItem(nameKey) ?? '');
  const deviceId = ref<string | null>(localStorage.getItem(idKey));
  const paired = computed(() => token.value !== null);

  /** Pairs with the staff PIN; throws the server's `ApiError` (e.g. `invalid_pin`) for the page to show. */
  async function pair(pin: string, displayName: string): Promise<void> {
    const { body } = await pairDevice({ pin, name: displayName, role: 'kitchen' });
    localStorage.setItem(tokenKey, body.token);
    localStorage.setItem(nameKey, body.name);
    localStorage.setItem(idKey, body.deviceId);
    token.value = body.token;
    deviceId.value = body.deviceId;
    name.value = body.name;
  }

  function forget(): void {
    localStorage.removeItem(tokenKey);
    token.value = null;
  }

  return { token, name, deviceId, paired, pair, forget };
});
