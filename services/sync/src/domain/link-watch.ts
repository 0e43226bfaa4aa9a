/**
 * Remembers since when the store's link to central has been up or down, so the status page can say "offline
 * since 10:32" instead of only "offline". nats-server keeps no such history for a leaf, so this is what the
 * sync service itself saw: every snapshot it gathers is an observation, and the first observation after a
 * restart is the earliest time it can vouch for (the page then reads "since" as "at least since").
 */
export class LinkWatch {
  private state: boolean | null = null;
  private since: Date | null = null;

  /** Records the link as seen at `at`; returns since when it has been in that state (null while unknown). */
  observe(linkUp: boolean | null, at: Date): Date | null {
    // An unreadable monitor says nothing about the link: keep the last known state's start for when it answers
    // again, but report no "since" for the unknown state itself.
    if (linkUp === null) return null;
    if (linkUp !== this.state || this.since === null) {
      this.state = linkUp;
      this.since = at;
    }
    return this.since;
  }
}

/**
 * Milliseconds in a Go duration string as nats-server's monitor prints a round trip (`1.52ms`, `830µs`, `2.1s`,
 * `1m3.5s`); null for anything else.
 */
export function goDurationMs(text: unknown): number | null {
  if (typeof text !== 'string' || !/^(\d+(\.\d+)?(h|m|s|ms|us|µs|μs|ns))+$/.test(text)) return null;
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 1e-3, µs: 1e-3, μs: 1e-3, ns: 1e-6 };
  let ms = 0;
  for (const [, value, , unit] of text.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|µs|μs|ns)/g)) ms += Number(value) * unitMs[unit!]!;
  return Math.round(ms * 10) / 10;
}
