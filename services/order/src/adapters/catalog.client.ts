import type { CatalogView } from '@kiosk/contracts';
import type { Logger } from '@kiosk/kit';
import { buildPriceBook, type PriceBook } from '../domain/price-book.js';

/**
 * Keeps the in-memory price book in step with the catalog service. Orders never wait on the catalog: they
 * price from the last version loaded. Refreshes come from a "version live" message (immediate) and a poll
 * (the fallback when such a message was missed); ETag/If-None-Match keeps an unchanged poll nearly free.
 */
export class CatalogClient {
  private book: PriceBook | null = null;
  private etag: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private stopped = false;
  private failures = 0;

  constructor(private readonly options: { url: string; pollMs: number; logger: Logger }) {}

  /** The current price book, or null if no catalog was ever loaded. */
  current(): PriceBook | null {
    return this.book;
  }

  /** Starts loading (retrying until the catalog answers) and polling; never throws. */
  start(): this {
    this.schedule(0);
    return this;
  }

  /**
   * Fetches now. A call during a fetch joins the one fetch that follows it (the fetch under way may have started
   * before the change the caller is after), so concurrent calls cost at most two fetches.
   */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.queued ??= this.inFlight.then(() => {
        this.queued = null;
        return this.stopped ? undefined : this.refresh();
      });
      return this.queued;
    }
    this.inFlight = this.fetchOnce().finally(() => { this.inFlight = null; });
    return this.inFlight;
  }

  /**
   * Reads the catalog now (joining a read under way) and answers the book if it is newer than `version`, else
   * null. Bounded: an order waits at most `waitMs` for a catalog that does not answer.
   */
  async newerThan(version: number, waitMs = 1_000): Promise<PriceBook | null> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.refresh(), new Promise<void>((resolve) => { timer = setTimeout(resolve, waitMs); })]);
    clearTimeout(timer);
    return this.book && this.book.version !== version ? this.book : null;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // Until a first menu is loaded the service cannot take an order (and its /health says so): ask every 200 ms,
      // a refused connection costs nothing, so the box is ready the moment the catalog service answers.
      void this.refresh().finally(() => this.schedule(this.book ? this.options.pollMs : 200));
    }, ms);
    this.timer.unref();
  }

  private async fetchOnce(): Promise<void> {
    try {
      const res = await fetch(`${this.options.url.replace(/\/$/, '')}/api/catalog`, {
        headers: this.etag && this.book ? { 'if-none-match': this.etag } : {},
        signal: AbortSignal.timeout(3_000),
      });
      if (res.status === 304) return void res.body?.cancel();
      if (!res.ok) throw new Error(`catalog answered ${res.status}`);
      const view = (await res.json()) as CatalogView;
      const previous = this.book?.version;
      this.book = buildPriceBook(view);
      this.etag = res.headers.get('etag');
      this.failures = 0;
      if (previous !== view.version) this.options.logger.info('price book loaded', { catalogVersion: view.version, products: view.products.length });
    } catch (err) {
      this.failures++;
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.options.logger.warn('catalog unreachable, pricing from the last version', { err: (err as Error).message, loaded: this.book !== null });
      }
    }
  }
}
