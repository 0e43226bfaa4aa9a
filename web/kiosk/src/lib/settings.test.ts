import { describe, expect, it } from 'vitest';
import { parseSettings } from './settings';
import { newGlobalId } from './ids';

describe('kiosk settings', () => {
  it('keeps no staff PIN on the tablet: the box checks it', () => {
    const settings = parseSettings(JSON.stringify({ pinSalt: 's', pinHash: 'h', kioskId: 'k1' }));
    expect(Object.keys(settings)).not.toContain('pinHash');
    expect(JSON.stringify(settings)).not.toMatch(/pin/i);
    expect(settings.kioskId).toBe('k1');
  });

  it('keeps valid stored fields and replaces invalid ones with defaults', () => {
    const settings = parseSettings(JSON.stringify({ kioskId: 'k 2!', idleSeconds: 5, storeLabel: 'S1' }));
    expect(settings.kioskId).toBe('kiosk-1');
    expect(settings.idleSeconds).toBe(15);
    expect(settings.storeLabel).toBe('S1');
    expect(parseSettings('{not json').kioskId).toBe('kiosk-1');
  });

  it('generates RFC 4122 v4 ids', () => {
    const id = newGlobalId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newGlobalId()).not.toBe(id);
  });
});
