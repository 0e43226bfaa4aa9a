/** Who is signed in, and the CSRF token that goes with the session cookie. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '../api/hq-api.ts';
import { ApiError, setCsrfToken } from '../api/http.ts';
import type { SessionUser, SessionView } from '../api/types.ts';

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  /** False until the first `/api/auth/me` has answered, so the router does not bounce a signed-in user. */
  const checked = ref(false);

  function adopt(session: SessionView | null): void {
    user.value = session?.user ?? null;
    setCsrfToken(session?.csrfToken ?? null);
    checked.value = true;
  }

  /** Asks central whether the cookie still holds a session (after a reload). */
  async function restore(): Promise<void> {
    try {
      adopt(await authApi.me());
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      adopt(null);
    }
  }

  async function signIn(username: string, password: string): Promise<void> {
    adopt(await authApi.login(username, password));
  }

  async function signOut(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      adopt(null);
    }
  }

  /** The server said 401 on some call: the session expired or was revoked. */
  function expire(): void {
    adopt(null);
  }

  const role = computed(() => user.value?.role ?? null);
  return { user, role, checked, restore, signIn, signOut, expire };
});
