/**
 * The store's leaf link to central as its own nats-server sees it (monitoring endpoint `/leafz`). A client
 * cannot tell from its connection whether the server it talks to has a leaf up; the monitor can.
 */

/** Reads nats-server's /leafz body: the link is up when the server has at least one leaf connection. */
export function leafLinkUp(leafz: unknown): boolean {
  const n = (leafz as { leafnodes?: unknown } | null)?.leafnodes;
  return typeof n === 'number' && n > 0;
}

/** Whether the link is up right now; null when the monitor did not answer (never guess). */
export async function readLeafLink(monitorUrl: string, timeoutMs = 1_000): Promise<boolean | null> {
  try {
    const res = await fetch(`${monitorUrl}/leafz`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? leafLinkUp(await res.json()) : null;
  } catch {
    return null;
  }
}
