import { setTimeout as sleep } from 'node:timers/promises';
import type { JetStreamManager, StreamSource } from '@nats-io/jetstream';
import { errorFields, type Logger } from '@kiosk/kit';
import { restartDue, sourceStalled } from '../domain/sourcing.js';
import type { UplinkMetrics } from '../adapters/metrics.js';
import { BackgroundLoop } from './background-loop.js';

export interface WatchedSource {
  /** The store stream that sources central (CATALOG_<ID>, CENTRAL_<ID>). */
  stream: string;
  /** How it sources central's stream (put back as it is if the stream's config ever lacks it). */
  source: StreamSource;
}

export interface SourceWatchOptions {
  jsm: JetStreamManager;
  sources: WatchedSource[];
  /** The leaf link's state (null = unknown); see readLeafLink. */
  linkUp: () => Promise<boolean | null>;
  everyMs: number;
  logger: Logger;
  metrics: UplinkMetrics;
}

/**
 * Keeps the down direction flowing: every `everyMs` it reads each sourced stream's source state and, when a
 * source has gone silent while the link is up, removes and re-adds it so nats-server asks central again at
 * once instead of after its 30 s+ backoff (domain/sourcing.ts says why and when).
 */
export class SourceWatch extends BackgroundLoop {
  private readonly lastRestart = new Map<string, number>();

  constructor(private readonly options: SourceWatchOptions) {
    super();
    // A source just declared has not heard from central yet: give it the same grace as a restarted one.
    for (const w of options.sources) this.lastRestart.set(w.stream, performance.now());
  }

  protected async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.checkAll();
      } catch (err) {
        this.options.logger.warn('source watch could not read the sourced streams', errorFields(err));
      }
      await sleep(this.options.everyMs);
    }
  }

  private async checkAll(): Promise<void> {
    let linkUp: boolean | null | undefined;
    for (const w of this.options.sources) {
      const info = await this.options.jsm.streams.info(w.stream);
      const others = (info.config.sources ?? []).filter((s) => s.name !== w.source.name);
      // A config written without the source (an update that raced the two below, or the second of them failing)
      // would stop the down direction for good: nothing else puts it back.
      if (others.length === (info.config.sources ?? []).length) {
        await this.options.jsm.streams.update(w.stream, { ...info.config, sources: [...others, w.source] });
        this.options.metrics.sourceRestarts.inc({ stream: w.stream });
        this.options.logger.warn('put back a source from central that was missing from the stream', { stream: w.stream, source: w.source.name });
        continue;
      }
      const state = info.sources?.find((s) => s.name === w.source.name);
      if (!state || !sourceStalled({ activeNs: state.active })) continue;
      linkUp ??= await this.options.linkUp();
      if (!restartDue(linkUp, performance.now() - (this.lastRestart.get(w.stream) ?? -Infinity))) continue;
      this.lastRestart.set(w.stream, performance.now());
      // Two updates: the server only sets up a source's consumer again when the source is new to the stream.
      await this.options.jsm.streams.update(w.stream, { ...info.config, sources: others });
      await this.options.jsm.streams.update(w.stream, { ...info.config, sources: [...others, w.source] });
      this.options.metrics.sourceRestarts.inc({ stream: w.stream });
      this.options.logger.info('restarted a silent source from central', { stream: w.stream, source: w.source.name, silentMs: Math.round(state.active / 1e6), linkUp });
    }
  }
}
