import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBin, opsDir } from './paths.js';
import { parseRepositoryState, type BackupType, type RepositoryState } from './backup-policy.js';

/** pgBackRest's config for central, as docker-compose.central.yml mounts it; the native stack renders it. */
export const pgbackrestConfigFile = join(opsDir, 'pgbackrest/pgbackrest.conf');
/** The stanza (pgBackRest's name for one Postgres cluster) of central Postgres. */
export const centralStanza = 'central';

export interface CentralBackupPaths {
  /** Central Postgres' data directory, its port and its socket directory. */
  dataDir: string;
  port: number;
  socketDir: string;
  /** The repository: where backups and archived WAL go. */
  repoPath: string;
  /** The rendered config, pgBackRest's log and lock files live here. */
  workDir: string;
}

/**
 * ops/pgbackrest/pgbackrest.conf with this machine's paths: every setting of the file (retention, compression,
 * stanza) is kept, only the paths and the port are replaced, so the native stack runs what Compose ships.
 */
export function renderPgBackRestConfig(paths: CentralBackupPaths): string {
  const replace: Record<string, string> = {
    'repo1-path': paths.repoPath, 'log-path': join(paths.workDir, 'log'), 'lock-path': join(paths.workDir, 'lock'),
    'pg1-path': paths.dataDir, 'pg1-socket-path': paths.socketDir, 'pg1-port': String(paths.port),
  };
  return readFileSync(pgbackrestConfigFile, 'utf8').split('\n').map((line) => {
    const key = /^([\w-]+)=/.exec(line)?.[1];
    return key && key in replace ? `${key}=${replace[key]}` : line;
  }).join('\n');
}

/** The account pgBackRest runs as: Postgres' owner (archive_command runs as it too). */
export interface RunAs { uid: number; gid: number }

/**
 * pgBackRest commands on central's stanza with one config file: stanza creation, backups, `info` and
 * point-in-time restores. Runs the Debian package's binary (ops/install-deps.sh); the backup agent uses it in
 * Compose with the mounted config, the native stack with the rendered one.
 */
export class PgBackRest {
  constructor(readonly configFile: string, private readonly runAs: RunAs | null = null) {}

  /** Creates the stanza (once; again is harmless) and checks that archiving reaches the repository. */
  async createStanza(): Promise<void> {
    await this.run(['stanza-create']);
    await this.run(['check']);
  }

  /** Switches to a new WAL segment and waits until the one written so far is in the repository (`check`). */
  async archiveNow(): Promise<void> {
    await this.run(['check']);
  }

  async backup(type: BackupType): Promise<void> {
    await this.run(['backup', `--type=${type}`]);
  }

  async state(): Promise<RepositoryState> {
    return parseRepositoryState(await this.run(['info', '--output=json']), centralStanza);
  }

  /**
   * Restores the data directory to `targetTime` (any time Postgres parses, e.g. `2026-11-26 15:04:05+00`):
   * the newest backup before it, then WAL replayed up to it; Postgres stops replaying there and opens as a new
   * timeline when next started. Postgres must be stopped (pgBackRest refuses otherwise); --delta rewrites only
   * the files that differ.
   */
  async restore(targetTime: string): Promise<void> {
    await this.run(['restore', '--delta', '--type=time', `--target=${targetTime}`, '--target-action=promote']);
  }

  /** One pgBackRest command on the stanza; its stdout, or an error with its stderr. */
  run(args: string[]): Promise<string> {
    const argv = [`--config=${this.configFile}`, `--stanza=${centralStanza}`, ...args];
    return new Promise((resolve, reject) => {
      execFile(findBin('pgbackrest'), argv, { ...(this.runAs ?? {}), env: { PATH: process.env.PATH ?? '' }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`pgbackrest ${args.join(' ')} failed: ${stderr.trim() || stdout.trim() || err.message}`));
        else resolve(stdout);
      });
    });
  }
}

/**
 * The native stack's central backups: renders the config into `workDir`, creates the folders as Postgres'
 * account and gives the archive settings central Postgres starts with.
 */
export class CentralBackup extends PgBackRest {
  constructor(readonly paths: CentralBackupPaths, runAs: RunAs | null) {
    super(join(paths.workDir, 'pgbackrest.conf'), runAs);
    for (const dir of [paths.repoPath, paths.workDir, join(paths.workDir, 'log'), join(paths.workDir, 'lock')]) {
      mkdirSync(dir, { recursive: true });
      if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    }
    writeFileSync(this.configFile, renderPgBackRestConfig(paths));
  }

  /**
   * Postgres settings for continuous archiving: every WAL segment goes to the repository, and at least once
   * a minute (archive_timeout) even when little is written, so a lost server loses at most a minute.
   */
  archiveSettings(): Record<string, string> {
    return {
      archive_mode: 'on',
      archive_command: `${findBin('pgbackrest')} --config=${this.configFile} --stanza=${centralStanza} archive-push %p`,
      archive_timeout: '60',
    };
  }

  override async restore(targetTime: string): Promise<void> {
    const pid = join(this.paths.dataDir, 'postmaster.pid');
    if (existsSync(pid)) throw new Error(`central Postgres is running (${pid} exists): stop it before a restore`);
    await super.restore(targetTime);
  }
}
