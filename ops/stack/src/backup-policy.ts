/**
 * Central's backup policy and what Prometheus is told about it: plain data in, plain data out (no pgBackRest,
 * no clock), so the schedule and the metrics are unit-tested without a server. The runner is backup.ts.
 */

export type BackupType = 'full' | 'diff' | 'incr';

/** One backup of the repository, as `pgbackrest info --output=json` lists it. */
export interface BackupRecord {
  label: string;
  type: BackupType;
  startedAt: Date;
  stoppedAt: Date;
  /** pgBackRest found a checksum error in a page it copied: the backup exists but is not a good one. */
  error: boolean;
}

/** What `pgbackrest info` says about the stanza: its backups, and whether the repository is healthy. */
export interface RepositoryState {
  /** pgBackRest's status code for the stanza: 0 ok, 2 no valid backups, others an error. */
  statusCode: number;
  statusMessage: string;
  backups: BackupRecord[];
  /** The oldest and newest WAL segment in the archive (empty strings when none). */
  archiveMin: string;
  archiveMax: string;
}

interface InfoJson {
  name: string;
  status: { code: number; message: string };
  backup?: { label: string; type: BackupType; timestamp: { start: number; stop: number }; error?: boolean }[];
  archive?: { min?: string | null; max?: string | null }[];
}

/** `pgbackrest info --output=json` for one stanza; throws when the stanza is not in it. */
export function parseRepositoryState(json: string, stanza: string): RepositoryState {
  const all = JSON.parse(json) as InfoJson[];
  const mine = all.find((s) => s.name === stanza);
  if (!mine) throw new Error(`pgbackrest info: no stanza ${stanza} (found: ${all.map((s) => s.name).join(', ') || 'none'})`);
  const archive = mine.archive ?? [];
  return {
    statusCode: mine.status.code,
    statusMessage: mine.status.message,
    backups: (mine.backup ?? []).map((b) => ({
      label: b.label, type: b.type, error: b.error === true,
      startedAt: new Date(b.timestamp.start * 1000), stoppedAt: new Date(b.timestamp.stop * 1000),
    })),
    archiveMin: archive.map((a) => a.min ?? '').filter(Boolean).sort()[0] ?? '',
    archiveMax: archive.map((a) => a.max ?? '').filter(Boolean).sort().at(-1) ?? '',
  };
}

/** The newest backup without errors (of one type, or of any), or null. */
export function lastGoodBackup(backups: BackupRecord[], type?: BackupType): BackupRecord | null {
  const good = backups.filter((b) => !b.error && (!type || b.type === type));
  return good.reduce<BackupRecord | null>((newest, b) => (!newest || b.stoppedAt > newest.stoppedAt ? b : newest), null);
}

export interface BackupSchedule {
  /** A new full backup once the last good full one is this old. */
  fullEveryHours: number;
  /** A differential once the last good backup of any type is this old. */
  diffEveryHours: number;
}

/**
 * Weekly full, a differential every 12 hours: the last good backup is never near a day old while all is well,
 * so CentralBackupTooOld (a day) means two missed differentials, not one slow one.
 */
export const defaultSchedule: BackupSchedule = { fullEveryHours: 7 * 24, diffEveryHours: 12 };

/**
 * Which backup is due now, if any. Ages instead of clock times, so a central that was down at the usual hour
 * catches up as soon as it is back rather than waiting a day; a differential needs a full one to build on.
 */
export function dueBackup(backups: BackupRecord[], now: Date, schedule: BackupSchedule = defaultSchedule): BackupType | null {
  const hoursSince = (b: BackupRecord | null) => (b ? (now.getTime() - b.stoppedAt.getTime()) / 3_600_000 : Infinity);
  if (hoursSince(lastGoodBackup(backups, 'full')) >= schedule.fullEveryHours) return 'full';
  if (hoursSince(lastGoodBackup(backups)) >= schedule.diffEveryHours) return 'diff';
  return null;
}

/**
 * The repository in Prometheus' text format. `kiosk_central_backup_last_good_timestamp_seconds` is absent
 * until a good backup exists (an alert rule treats absent as too old), never a made-up 0.
 */
export function backupMetrics(state: RepositoryState | null, stanza: string): string {
  const lines = [
    '# HELP kiosk_central_backup_repository_up 1 when `pgbackrest info` answered for the stanza with status ok.',
    '# TYPE kiosk_central_backup_repository_up gauge',
    `kiosk_central_backup_repository_up{stanza="${stanza}"} ${state && state.statusCode === 0 ? 1 : 0}`,
  ];
  if (!state) return `${lines.join('\n')}\n`;
  lines.push(
    '# HELP kiosk_central_backup_last_good_timestamp_seconds When the newest backup without errors finished, per type.',
    '# TYPE kiosk_central_backup_last_good_timestamp_seconds gauge',
  );
  for (const type of ['full', 'diff', 'incr'] as const) {
    const b = lastGoodBackup(state.backups, type);
    if (b) lines.push(`kiosk_central_backup_last_good_timestamp_seconds{stanza="${stanza}",type="${type}"} ${b.stoppedAt.getTime() / 1000}`);
  }
  lines.push(
    '# HELP kiosk_central_backup_backups Backups held in the repository, per type.',
    '# TYPE kiosk_central_backup_backups gauge',
    ...(['full', 'diff', 'incr'] as const).map((t) => `kiosk_central_backup_backups{stanza="${stanza}",type="${t}"} ${state.backups.filter((b) => b.type === t).length}`),
  );
  return `${lines.join('\n')}\n`;
}
