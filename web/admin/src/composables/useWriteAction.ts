import { ref } from 'vue';
import { useAppI18n } from '../i18n/index.ts';

export type PageMessage = { kind: 'ok' | 'error'; text: string };

/**
 * A page's writes, one at a time: `act` runs a write, reloads the page's data and says how it went (`done`
 * when given, the error otherwise); `busy` disables the page's buttons meanwhile.
 */
export function useWriteAction(load: () => Promise<unknown>) {
  const { t } = useAppI18n();
  const busy = ref(false);
  const message = ref<PageMessage | null>(null);

  async function act(write: () => Promise<unknown>, done?: string): Promise<boolean> {
    busy.value = true;
    message.value = null;
    try {
      await write();
      await load();
      if (done) message.value = { kind: 'ok', text: done };
      return true;
    } catch (e) {
      message.value = { kind: 'error', text: t('common.failed', { message: (e as Error).message }) };
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, message, act };
}
