import { expect } from 'chai';
import { backupAgentConfig, backupMetrics, dueBackup, lastGoodBackup, parseRepositoryState, type BackupRecord } from '../src/index.js';

const at = (iso: string) => new Date(iso);
const backup = (label: string, type: BackupRecord['type'], stopped: string, error = false): BackupRecord =>
  ({ label, type, startedAt: at(stopped), stoppedAt: at(stopped), error });

/** The shape `pgbackrest info --output=json` prints (2.45), trimmed to the fields read. */
const infoJson = JSON.stringify([{
  name: 'central', status: { code: 0, message: 'ok' },
  archive: [{ id: '15-1', min: '000000010000000000000001', max: '000000010000000000000009' }],
  backup: [
    { label: '20261120-010000F', type: 'full', timestamp: { start: 1795136400, stop: 1795136410 }, error: false },
    { label: '20261120-010000F_20261121-010000D', type: 'diff', timestamp: { start: 1795222800, stop: 1795222805 }, error: true },
  ],
}]);

describe('central backup policy (pure)', () => {
  it('reads the backups, their types, times and errors from pgbackrest info', () => {
    const state = parseRepositoryState(infoJson, 'central');
    expect(state.statusCode).to.equal(0);
    expect(state.backups.map((b) => [b.type, b.stoppedAt.toISOString(), b.error])).to.deep.equal([
      ['full', '2026-11-20T01:00:10.000Z', false], ['diff', '2026-11-21T01:00:05.000Z', true],
    ]);
    expect([state.archiveMin, state.archiveMax]).to.deep.equal(['000000010000000000000001', '000000010000000000000009']);
  });

  it('refuses an info without the stanza rather than report no backups', () => {
    expect(() => parseRepositoryState('[]', 'central')).to.throw(/no stanza central/);
  });

  it('never counts a backup with checksum errors as the last good one', () => {
    const backups = [backup('a', 'full', '2026-11-20T01:00:00Z'), backup('b', 'diff', '2026-11-21T01:00:00Z', true)];
    expect(lastGoodBackup(backups)?.label).to.equal('a');
  });

  it('asks for a full backup first, a differential 12 hours later, and a new full one after a week', () => {
    const full = backup('f', 'full', '2026-11-20T01:00:00Z');
    expect(dueBackup([], at('2026-11-20T00:00:00Z'))).to.equal('full');
    expect(dueBackup([full], at('2026-11-20T12:00:00Z'))).to.equal(null);
    expect(dueBackup([full], at('2026-11-20T13:00:00Z'))).to.equal('diff');
    expect(dueBackup([full, backup('d', 'diff', '2026-11-21T01:00:00Z')], at('2026-11-21T12:00:00Z'))).to.equal(null);
    expect(dueBackup([full, backup('d', 'diff', '2026-11-26T01:00:00Z')], at('2026-11-27T01:00:00Z'))).to.equal('full');
  });

  it('catches up at once after a central that was down past the usual time, and retries a failed differential', () => {
    const full = backup('f', 'full', '2026-11-20T01:00:00Z');
    expect(dueBackup([full], at('2026-11-23T17:42:00Z'))).to.equal('diff');
    expect(dueBackup([full, backup('d', 'diff', '2026-11-23T18:00:00Z', true)], at('2026-11-23T18:01:00Z'))).to.equal('diff');
  });

  it('exposes the last good backup time per type, and no timestamp at all when there is none', () => {
    const state = parseRepositoryState(infoJson, 'central');
    const body = backupMetrics(state, 'central');
    expect(body).to.include('kiosk_central_backup_repository_up{stanza="central"} 1');
    expect(body).to.include('kiosk_central_backup_last_good_timestamp_seconds{stanza="central",type="full"} 1795136410');
    expect(body).to.not.include('type="diff"} 1795222805');
    const down = backupMetrics(null, 'central');
    expect(down).to.include('kiosk_central_backup_repository_up{stanza="central"} 0');
    expect(down).to.not.include('last_good_timestamp_seconds{');
  });

  it('lists every bad variable of the agent\'s environment', () => {
    expect(() => backupAgentConfig({ HTTP_PORT: 'x', BACKUP_DIFF_EVERY_HOURS: '-1' })).to.throw(/HTTP_PORT[\s\S]*BACKUP_DIFF_EVERY_HOURS/);
    expect(backupAgentConfig({}).schedule).to.deep.equal({ fullEveryHours: 168, diffEveryHours: 12 });
  });
});
