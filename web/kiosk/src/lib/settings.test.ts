import { describe, expect, it } from 'vitest';
import { demoPin, hashPin, parseSettings } from './settings';
import { sha256Hex } from './sha256';
import { newGlobalId } from './ids';

describe('kiosk settings', () => {
  it('hashes with SHA-256 (known vectors)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });

  it('starts with the demo PIN, stored only as a hash', () => {
    const settings = parseSettings(null);
    expect(settings.pinHash).toBe(hashPin(demoPin, settings.pinSalt));
    expect(JSON.stringify(settings)).not.toContain(`"${demoPin}"`);
  });

  it('keeps valid stored fields and replaces invalid ones with defaults', () => {
    const settings = parseSettings(JSON.stringify({ kioskId: 'k 2!', idleSeconds: 5, demoTerminal: true, storeLabel: 'S1' }));
    expect(settings.kioskId).toBe('kiosk-1');
    expect(settings.idleSeconds).toBe(15);
    expect(settings.demoTerminal).toBe(true);
    expect(settings.storeLabel).toBe('S1');
    expect(parseSettings('{not json').kioskId).toBe('kiosk-1');
  });

  it('generates RFC 4122 v4 ids', () => {
    const id = newGlobalId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newGlobalId()).not.toBe(id);
  });
});
