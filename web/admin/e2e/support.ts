/** What the head-office e2e specs share: how Chromium starts here, and polling with a named failure. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Polls until `probe` holds (generous bounds: the machine is shared); fails with `what` otherwise. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface JszStream {
  name: string;
  state: { messages: number; last_seq: number };
  sources?: { name: string; lag: number; active: number }[];
  consumer_detail?: { name: string; num_pending: number; num_ack_pending: number; delivered: { stream_seq: number } }[];
}

/**
 * One line on where a change from central stands on its way down, for a failure message: a hub node's and the
 * store's catalog streams (messages, last sequence, each source's lag and silence, each consumer's backlog),
 * read from the nats-servers' monitors.
 */
export async function catalogPathState(hubMonitorUrl: string, storeMonitorUrl: string): Promise<string> {
  const one = async (url: string) => {
    try {
      const res = await fetch(`${url}/jsz?accounts=true&streams=true&consumers=true`, { signal: AbortSignal.timeout(3_000) });
      const jsz = (await res.json()) as { account_details?: { stream_detail?: JszStream[] }[] };
      const catalogs = (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []).filter((s) => s.name.startsWith('CATALOG'));
      return catalogs.map((s) => `${s.name} msgs=${s.state.messages} last=${s.state.last_seq}`
        + (s.sources ?? []).map((src) => ` src ${src.name} lag=${src.lag} active=${Math.round(src.active / 1e6)}ms`).join('')
        + (s.consumer_detail ?? []).map((c) => ` cons ${c.name} pending=${c.num_pending} ackPending=${c.num_ack_pending} delivered=${c.delivered.stream_seq}`).join('')).join('; ');
    } catch (err) {
      return `${url}: ${(err as Error).message}`;
    }
  };
  return `hub [${await one(hubMonitorUrl)}] store [${await one(storeMonitorUrl)}]`;
}
