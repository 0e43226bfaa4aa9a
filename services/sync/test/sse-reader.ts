/**
 * Reads a Server-Sent Events response the way a browser's EventSource does, for the specs: comment lines
 * (`: keep-alive`) and events (`event:` + `data:`) in arrival order.
 */
export interface SseMessage { event?: string; data?: string; comment?: string; at: number }

export class SseReader {
  private buffer = '';
  private readonly messages: SseMessage[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private ended = false;
  /** A read still waiting for bytes after a timeout: the next wait takes it over, so no chunk is lost. */
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>["read"]> | null = null;

  constructor(readonly response: Response) {
    if (!response.body) throw new Error('the answer has no body to stream');
    this.reader = response.body.getReader();
  }

  static async open(url: string): Promise<SseReader> {
    return new SseReader(await fetch(url, { headers: { accept: 'text/event-stream' } }));
  }

  /** The next message that satisfies `match`, waiting at most `timeoutMs`. */
  async next(match: (m: SseMessage) => boolean, timeoutMs = 5_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex(match);
      if (i >= 0) return this.messages.splice(0, i + 1)[i]!;
      if (this.ended) throw new Error('the stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms`);
      await this.readOnce(left);
    }
  }

  /** Resolves once the server ends the stream. */
  async untilEnd(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the stream did not end within ${timeoutMs} ms`);
      await this.readOnce(left);
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private async readOnce(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); });
    this.pending ??= this.reader.read();
    const chunk = await Promise.race([this.pending, timeout]).finally(() => clearTimeout(timer));
    if (chunk === null) return;
    this.pending = null;
    if (chunk.done) {
      this.ended = true;
      return;
    }
    this.buffer += this.decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.messages.push(parseBlock(block));
    }
  }
}

function parseBlock(block: string): SseMessage {
  const message: SseMessage = { at: Date.now() };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) message.event = line.slice('event: '.length);
    else if (line.startsWith('data: ')) message.data = (message.data === undefined ? '' : `${message.data}\n`) + line.slice('data: '.length);
  }
  return message;
}
