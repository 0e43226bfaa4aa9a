import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { dbOf, type Pool } from './postgres.js';
import { staffDevices } from './staff-tables.js';

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
const d = staffDevices;
const deviceColumns = { id: d.id, name: d.name, role: d.role, expiresAt: d.expiresAt };
/** Timestamps come as Postgres writes them (`2026-11-25 12:00:00+00`); the API speaks ISO 8601. */
const iso = (t: string) => new Date(t).toISOString();
const toDevice = (r: { id: string; name: string; role: string; expiresAt: string }): StaffDevice =>
  ({ id: r.id, name: r.name, role: r.role as StaffRole, expiresAt: iso(r.expiresAt) });
const secondsFromNow = (seconds: number) => sql<string>`now() + make_interval(secs => ${seconds})`;
const live = and(isNull(d.revokedAt), gt(d.expiresAt, sql`now()`));

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
    const [row] = await dbOf(this.pool).insert(d).values({
      id: randomUUID(), name: input.name, role: input.role, tokenHash: hashToken(token), pairedFrom: input.pairedFrom, expiresAt: secondsFromNow(ttl),
    }).returning(deviceColumns);
    return { ...toDevice(row!), token };
  }

  /** The live device holding `token`, or null (unknown, malformed, expired or revoked). Renews paired screens. */
  async authenticate(token: unknown): Promise<StaffDevice | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    const hash = hashToken(token);
    const db = dbOf(this.pool);
    const [found] = await db.select({
      ...deviceColumns,
      stale: or(isNull(d.lastSeenAt), lt(d.lastSeenAt, sql`now() - make_interval(secs => ${this.policy.renewEverySeconds})`))!.mapWith(Boolean),
    }).from(d).where(and(eq(d.tokenHash, hash), live));
    if (!found) return null;
    const { stale, ...device } = found;
    if (!stale || device.role === 'kiosk-staff') return toDevice(device);
    const [renewed] = await db.update(d).set({ lastSeenAt: sql`now()`, expiresAt: secondsFromNow(this.policy.pairedTtlSeconds) })
      .where(and(eq(d.tokenHash, hash), isNull(d.revokedAt))).returning(deviceColumns);
    return renewed ? toDevice(renewed) : null;
  }

  /** Paired screens that can still act (not revoked, not expired), oldest first. */
  async list(): Promise<ListedDevice[]> {
    const rows = await dbOf(this.pool).select({ ...deviceColumns, pairedFrom: d.pairedFrom, createdAt: d.createdAt, lastSeenAt: d.lastSeenAt })
      .from(d).where(and(inArray(d.role, [...pairableRoles]), live)).orderBy(asc(d.createdAt), asc(d.id));
    return rows.map((r) => ({
      ...toDevice(r), pairedFrom: r.pairedFrom, createdAt: iso(r.createdAt), lastSeenAt: r.lastSeenAt === null ? null : iso(r.lastSeenAt),
    }));
  }

  /** Revokes a device's token for good; false when there is no such live device. */
  async revoke(id: string): Promise<boolean> {
    const { rowCount } = await dbOf(this.pool).update(d).set({ revokedAt: sql`now()` }).where(and(eq(d.id, id), isNull(d.revokedAt)));
    return (rowCount ?? 0) > 0;
  }
}
