import { createServer, type Server } from 'node:http';
import { backupMetrics, dueBackup, type BackupSchedule } from './backup-policy.js';
import { centralStanza, type PgBackRest } from './backup.js';

export interface BackupAgentConfig {
  host: string;
  port: number;
  schedule: BackupSchedule;
  /** How often the agent looks whether a backup is due. */
  checkSeconds: number;
}

/** The agent's environment, read once: every bad variable listed, none silently replaced by a default. */
export function backupAgentConfig(env: NodeJS.ProcessEnv): BackupAgentConfig {
  const errors: string[] = [];
  const num = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    const v = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(v) || v < min) errors.push(`${name}: a number >= ${min} expected, got ${JSON.stringify(raw)}`);
    return v;
  };
  const config = {
    host: env.HTTP_HOST ?? '127.0.0.1',
    port: num('HTTP_PORT', 9187, 0),
    schedule: { fullEveryHours: num('BACKUP_FULL_EVERY_HOURS', 168, 0.001), diffEveryHours: num('BACKUP_DIFF_EVERY_HOURS', 12, 0.001) },
    checkSeconds: num('BACKUP_CHECK_SECONDS', 60, 1),
  };
  if (errors.length > 0) throw new Error(`backup agent: bad environment\n  ${errors.join('\n  ')}`);
  return Object.freeze(config);
}

export interface BackupAgent {
  server: Server;
  /** Runs the backup that is due now, if any (the timer calls it; tests may too). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const log = (level: string, message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level, service: 'central-backup', message, ...fields, timestamp: new Date().toISOString() })}\n`);

/**
 * Central's backup agent: takes the full and differential backups when due (weekly / every 12 hours by default) and
 * serves what the repository holds on /metrics, read from `pgbackrest info` on each scrape, for the
 * CentralBackupTooOld alert. One process in Compose (the `backup` service) and in the native stack.
 */
export async function startBackupAgent(pgbackrest: PgBackRest, config: BackupAgentConfig): Promise<BackupAgent> {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= (async () => {
      try {
        const due = dueBackup((await pgbackrest.state()).backups, new Date(), config.schedule);
        if (!due) return;
        log('info', `${due} backup started`, { type: due });
        const t0 = Date.now();
        await pgbackrest.backup(due);
        log('info', `${due} backup done`, { type: due, seconds: (Date.now() - t0) / 1000 });
      } catch (err) {
        log('error', 'backup failed', { error: err instanceof Error ? err.message : String(err) });
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const server = createServer((req, res) => {
    if (req.url === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    pgbackrest.state()
      .then((state) => backupMetrics(state, centralStanza), (err: unknown) => {
        log('warn', 'pgbackrest info failed', { error: err instanceof Error ? err.message : String(err) });
        return backupMetrics(null, centralStanza);
      })
      .then((body) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body), () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const timer = setInterval(() => void tick(), config.checkSeconds * 1000);
  void tick();
  return {
    server, tick,
    async stop() {
      clearInterval(timer);
      await running;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
