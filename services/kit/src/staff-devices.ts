import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from './postgres.js';

/** Who a staff token belongs to: a paired screen (kitchen display, counter) or a kiosk's staff session. */
export const staffRoles = ['kitchen', 'counter', 'kiosk-staff'] as const;
export type StaffRole = (typeof staffRoles)[number];
/** The roles a screen can be paired as (a kiosk staff session is issued by the kiosk staff PIN instead). */
export const pairableRoles = ['kitchen', 'counter'] as const satisfies readonly StaffRole[];

export interface StaffDevice {
  id: string;
  name: string;
  role: StaffRole;
  expiresAt: string;
}

export interface ListedDevice extends StaffDevice {
  pairedFrom: string | null;
  createdAt: string;
  lastSeenAt: string | null;
}

export interface DeviceTokenPolicy {
  /** Paired screens: a token lives this long after its last use (30 days), so a screen in use never expires. */
  pairedTtlSeconds: number;
  /** Kiosk staff sessions: short and never renewed. */
  kioskStaffTtlSeconds: number;
  /** A token's expiry moves forward at most this often (one write per screen per period, not per request). */
  renewEverySeconds: number;
}

export const defaultDeviceTokenPolicy: DeviceTokenPolicy = Object.freeze({
  pairedTtlSeconds: 30 * 24 * 3_600, kioskStaffTtlSeconds: 15 * 60, renewEverySeconds: 3_600,
});

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const columns = 'id, name, role, expires_at AS "expiresAt"';

/**
 * Staff tokens (`staff.devices`): issue, authenticate (renewing a paired screen's expiry while it is in use),
 * list and revoke. The token is 32 random bytes shown once; only its SHA-256 is stored (a slow hash adds
 * nothing for a 256-bit random secret, and every request checks it).
 */
export class DeviceRegistry {
  readonly policy: DeviceTokenPolicy;

  constructor(private readonly pool: Pool, policy: Partial<DeviceTokenPolicy> = {}) {
    this.policy = { ...defaultDeviceTokenPolicy, ...policy };
  }

  /** A new token for a screen (`kitchen`, `counter`) or a kiosk staff session (`kiosk-staff`). */
  async issue(input: { name: string; role: StaffRole; pairedFrom: string }): Promise<StaffDevice & { token: string }> {
    const token = randomBytes(32).toString('base64url');
    const ttl = input.role === 'kiosk-staff' ? this.policy.kioskStaffTtlSeconds : this.policy.pairedTtlSeconds;
    const { rows } = await this.pool.query<StaffDevice>(
      `INSERT INTO staff.devices (id, name, role, token_hash, paired_from, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING ${columns}`,
      [randomUUID(), input.name, input.role, hashToken(token), input.pairedFrom, ttl],
    );
    return { ...rows[0]!, token };
  }

  /** The live device holding `token`, or null (unknown, malformed, expired or revoked). Renews paired screens. */
  async authenticate(token: unknown): Promise<StaffDevice | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    const hash = hashToken(token);
    const { rows } = await this.pool.query<StaffDevice & { stale: boolean }>(
      `SELECT ${columns}, (last_seen_at IS NULL OR last_seen_at < now() - make_interval(secs => $2)) AS stale
         FROM staff.devices WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [hash, this.policy.renewEverySeconds],
    );
    const found = rows[0];
    if (!found) return null;
    const { stale, ...device } = found;
    if (!stale || device.role === 'kiosk-staff') return device;
    const renewed = await this.pool.query<StaffDevice>(
      `UPDATE staff.devices SET last_seen_at = now(), expires_at = now() + make_interval(secs => $2)
        WHERE token_hash = $1 AND revoked_at IS NULL RETURNING ${columns}`,
      [hash, this.policy.pairedTtlSeconds],
    );
    return renewed.rows[0] ?? null;
  }

  /** Paired screens that can still act (not revoked, not expired), oldest first. */
  async list(): Promise<ListedDevice[]> {
    const { rows } = await this.pool.query<ListedDevice>(
      `SELECT ${columns}, paired_from AS "pairedFrom", created_at AS "createdAt", last_seen_at AS "lastSeenAt"
         FROM staff.devices WHERE role = ANY($1) AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at, id`,
      [pairableRoles],
    );
    return rows;
  }

  /** Revokes a device's token for good; false when there is no such live device. */
  async revoke(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE staff.devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
    return (rowCount ?? 0) > 0;
  }
}
