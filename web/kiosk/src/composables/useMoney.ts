import { formatDelta, formatMoney } from '../lib/money';
import { useCatalogStore } from '../stores/catalog';
import { useSessionStore } from '../stores/session';

/** Money formatting in the customer's language and the store's currency. */
export function useMoney() {
  const catalog = useCatalogStore();
  const session = useSessionStore();
  return {
    money: (minor: number, currency = catalog.currency): string => formatMoney(minor, currency, session.intl()),
    delta: (minor: number): string => formatDelta(minor, catalog.currency, session.intl()),
    percent: (bps: number): string =>
      new Intl.NumberFormat(session.intl(), { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000),
  };
}
