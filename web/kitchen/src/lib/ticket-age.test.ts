import { describe, expect, it } from 'vitest';
import { ageLevel, defaultThresholds, elapsedSeconds, formatElapsed, serverClockOffset, thresholdsFromMinutes } from './ticket-age.ts';
import { ticket } from './fixtures.test-util.ts';

describe('ageLevel', () => {
  it('is fresh under 5 minutes, amber from 5 and red from 10 by default', () => {
    expect(ageLevel(299, defaultThresholds)).toBe('fresh');
    expect(ageLevel(300, defaultThresholds)).toBe('amber');
    expect(ageLevel(599, defaultThresholds)).toBe('amber');
    expect(ageLevel(600, defaultThresholds)).toBe('red');
  });

  it('follows configured thresholds', () => {
    expect(ageLevel(130, { amberSeconds: 60, redSeconds: 120 })).toBe('red');
  });
});

describe('elapsedSeconds', () => {
  const created = '2026-11-24T10:00:00.000Z';
  const now = Date.parse('2026-11-24T10:07:30.000Z');

  it('ticks from creation while the ticket is cooking', () => {
    expect(elapsedSeconds(ticket({ id: 'a', createdAt: created, status: 'preparing' }), now)).toBe(450);
  });

  it('freezes at the prep time once the ticket is ready', () => {
    expect(elapsedSeconds(ticket({ id: 'a', createdAt: created, status: 'ready', readyAt: '2026-11-24T10:03:00.000Z' }), now)).toBe(180);
  });

  it('ticks again after a recall even though readyAt is still set', () => {
    expect(elapsedSeconds(ticket({ id: 'a', createdAt: created, status: 'preparing', readyAt: '2026-11-24T10:03:00.000Z' }), now)).toBe(450);
  });

  it('never goes negative when the display clock is behind', () => {
    expect(elapsedSeconds(ticket({ id: 'a', createdAt: created }), Date.parse(created) - 5000)).toBe(0);
  });
});

describe('formatElapsed', () => {
  it('prints m:ss and h:mm:ss', () => {
    expect(formatElapsed(5)).toBe('0:05');
    expect(formatElapsed(754)).toBe('12:34');
    expect(formatElapsed(3723)).toBe('1:02:03');
  });
});

describe('thresholdsFromMinutes', () => {
  it('accepts amber before red and converts to seconds', () => {
    expect(thresholdsFromMinutes(4, 8.5)).toEqual({ amberSeconds: 240, redSeconds: 510 });
  });

  it('rejects red before amber, zero and non-numbers', () => {
    expect(thresholdsFromMinutes(10, 5)).toBeNull();
    expect(thresholdsFromMinutes(0, 5)).toBeNull();
    expect(thresholdsFromMinutes(Number.NaN, 5)).toBeNull();
  });
});

describe('serverClockOffset', () => {
  it('ignores sub-2-second differences and a missing header', () => {
    const t = Date.parse('2026-11-24T10:00:00.000Z');
    expect(serverClockOffset('Tue, 24 Nov 2026 10:00:01 GMT', t, t + 100)).toBe(0);
    expect(serverClockOffset(null, t, t)).toBe(0);
  });

  it('measures a display clock that is a minute behind', () => {
    const t = Date.parse('2026-11-24T09:59:00.000Z');
    const offset = serverClockOffset('Tue, 24 Nov 2026 10:00:00 GMT', t, t);
    expect(offset).toBeGreaterThan(59_000);
    expect(offset).toBeLessThan(61_000);
  });
});
