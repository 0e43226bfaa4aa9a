/** A loop that runs in the background from start() until stop(), which waits for the current pass to end. */
export abstract class BackgroundLoop {
  protected stopped = false;
  private done: Promise<void> = Promise.resolve();

  start(): this {
    this.done = this.loop();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  protected abstract loop(): Promise<void>;
}
