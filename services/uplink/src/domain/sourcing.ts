/**
 * When to restart a sourced stream's source (the down direction: central's catalog, receipts and decisions).
 *
 * nats-server asks central for the source's consumer once, when the stream is created or the link returns;
 * if that request is lost - the link was not up yet, or came back a moment later - the server waits 30 s and
 * then backs off 10 s x n, so a store could go a minute after a long cut without its receipts or new prices
 * (docs/decisions/0004; measured here: 38 s after a 2 s cut at creation). A healthy source hears from
 * its consumer about once a second even when idle, so "nothing for a few seconds while the link is up" means
 * the request was lost. Removing and re-adding the source makes the server ask again at once; it resumes after
 * the last message it already has from that source (it reads the source headers), so nothing comes twice.
 */

export interface SourceState {
  /** Nanoseconds since the source last heard from central's side; negative when it never has. */
  activeNs: number;
}

export interface RestartRule {
  /** A source silent this long is stalled (healthy ones hear a heartbeat every ~1 s). */
  silentMs: number;
  /** Never restart one source more often than this: a new consumer needs a moment to say hello. */
  minGapMs: number;
}

export const defaultRestartRule: RestartRule = { silentMs: 3_000, minGapMs: 3_000 };

export function sourceStalled(s: SourceState, rule: RestartRule = defaultRestartRule): boolean {
  return s.activeNs < 0 || s.activeNs / 1e6 > rule.silentMs;
}

/**
 * Restart a stalled source only while the link is up (a request sent over a cut link is lost again) - or, at a
 * slower pace, when the link's state is unknown - and not again before the last restart had its chance.
 */
export function restartDue(linkUp: boolean | null, msSinceLastRestart: number, rule: RestartRule = defaultRestartRule): boolean {
  if (linkUp === false) return false;
  return msSinceLastRestart >= (linkUp === null ? rule.minGapMs * 10 : rule.minGapMs);
}
