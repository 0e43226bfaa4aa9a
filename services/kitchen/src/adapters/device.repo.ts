import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

export interface Device {
  id: string;
  name: string;
  role: 'kitchen';
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Paired displays. The token is 32 random bytes shown once to the device; only its SHA-256 is stored (a slow
 * hash adds nothing for a 256-bit random secret, and every request checks it).
 */
export const deviceRepo = {
  async pair(pool: Pool, input: { name: string; role: 'kitchen'; pairedFrom: string }): Promise<Device & { token: string }> {
    const token = randomBytes(32).toString('base64url');
    const id = randomUUID();
    await pool.query(
      'INSERT INTO kitchen.devices (id, name, role, token_hash, paired_from) VALUES ($1, $2, $3, $4, $5)',
      [id, input.name, input.role, hashToken(token), input.pairedFrom],
    );
    return { id, name: input.name, role: input.role, token };
  },

  async byToken(pool: Pool, token: string): Promise<Device | null> {
    const { rows } = await pool.query<Device>(
      'SELECT id, name, role FROM kitchen.devices WHERE token_hash = $1',
      [hashToken(token)],
    );
    return rows[0] ?? null;
  },
};
