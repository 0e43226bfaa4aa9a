import { errorFields, type Logger } from '@kiosk/kit';

export interface FiringAlert { name: string; severity: string; summary: string; since: string | null }

/**
 * The alerts firing now, per store (the `store` label of ops/prometheus's rules), from Prometheus' HTTP API.
 * Null when Prometheus is not configured or does not answer in time: the fleet view says so instead of
 * pretending no alert fires.
 */
export async function firingAlertsByStore(prometheusUrl: string | undefined, logger: Logger): Promise<Map<string, FiringAlert[]> | null> {
  if (!prometheusUrl) return null;
  try {
    const res = await fetch(`${prometheusUrl.replace(/\/$/, '')}/api/v1/alerts`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) throw new Error(`prometheus answered ${res.status}`);
    const body = (await res.json()) as { data?: { alerts?: { labels: Record<string, string>; annotations: Record<string, string>; state: string; activeAt?: string }[] } };
    const out = new Map<string, FiringAlert[]>();
    for (const a of body.data?.alerts ?? []) {
      const store = a.labels.store;
      if (a.state !== 'firing' || !store) continue;
      const list = out.get(store) ?? [];
      list.push({ name: a.labels.alertname ?? 'alert', severity: a.labels.severity ?? 'unknown', summary: a.annotations.summary ?? '', since: a.activeAt ?? null });
      out.set(store, list);
    }
    return out;
  } catch (err) {
    logger.warn('prometheus alerts unavailable', errorFields(err));
    return null;
  }
}
