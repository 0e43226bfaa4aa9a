/**
 * A local inbox for Alertmanager's notifications: an SMTP receiver and a webhook receiver that keep what they
 * get. The alerting test checks what arrives; `make demo` runs them when no real SMTP relay or chat webhook is
 * configured, and writes each notification to .data/alertmanager/inbox.log.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';

/** One e-mail as the SMTP receiver got it: envelope and the raw message (headers and body). */
export interface ReceivedMail { from: string; to: string[]; data: string }

/** One webhook call: the path (one per Alertmanager receiver) and Alertmanager's JSON payload. */
export interface ReceivedHook {
  path: string;
  body: { receiver: string; status: string; groupLabels: Record<string, string>; alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[] };
}

/**
 * A local SMTP receiver: just enough of RFC 5321 for Alertmanager's client (EHLO without STARTTLS or AUTH,
 * MAIL, RCPT, DATA, QUIT). Every message is kept; nothing is relayed.
 */
export async function startSmtpReceiver(port: number, onMail?: (m: ReceivedMail) => void): Promise<{ mails: ReceivedMail[]; server: TcpServer; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = createTcpServer((sock) => {
    let buffer = '';
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    let inData = false;
    sock.write('220 localhost test SMTP\r\n');
    sock.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          mails.push(mail);
          onMail?.(mail);
          mail = { from: '', to: [], data: '' };
          inData = false;
          sock.write('250 OK queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') { mail.from = /<([^>]*)>/.exec(line)?.[1] ?? ''; sock.write('250 OK\r\n'); }
        else if (verb === 'RCPT') { mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''); sock.write('250 OK\r\n'); }
        else if (verb === 'DATA') { inData = true; sock.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else sock.write('250 OK\r\n');
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { mails, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A local webhook receiver, as a chat bridge would be: keeps every POST's path and JSON body, answers 200. */
export async function startWebhookReceiver(port: number, onHook?: (h: ReceivedHook) => void): Promise<{ hooks: ReceivedHook[]; server: HttpServer; close(): Promise<void> }> {
  const hooks: ReceivedHook[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      try {
        const hook = { path: req.url ?? '', body: JSON.parse(body) as ReceivedHook['body'] };
        hooks.push(hook);
        onHook?.(hook);
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { hooks, server, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** A quoted-printable e-mail part back to text (Alertmanager encodes its parts so); good enough for ASCII. */
export function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
