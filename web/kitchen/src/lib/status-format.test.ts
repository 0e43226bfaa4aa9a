import { describe, expect, it } from 'vitest';
import { agoParts, formatAgo, formatBytes, formatClock, formatDuration } from './status-format.ts';

describe('agoParts', () => {
  it('says a few seconds as now, then whole seconds, minutes, hours and days', () => {
    expect(agoParts(0)).toEqual({ value: 0, unit: 'second' });
    expect(agoParts(9.9)).toEqual({ value: 0, unit: 'second' });
    expect(agoParts(10)).toEqual({ value: 10, unit: 'second' });
    expect(agoParts(59)).toEqual({ value: 59, unit: 'second' });
    expect(agoParts(60)).toEqual({ value: 1, unit: 'minute' });
    expect(agoParts(3 * 60 + 59)).toEqual({ value: 3, unit: 'minute' });
    expect(agoParts(3_600)).toEqual({ value: 1, unit: 'hour' });
    expect(agoParts(86_399)).toEqual({ value: 23, unit: 'hour' });
    expect(agoParts(3 * 86_400)).toEqual({ value: 3, unit: 'day' });
  });

  it('reads a time in the future (a skewed clock) as now', () => {
    expect(agoParts(-30)).toEqual({ value: 0, unit: 'second' });
  });
});

describe('formatAgo', () => {
  const now = Date.parse('2026-11-25T10:00:00.000Z');
  it('says how long ago a server time was, in English and Indonesian', () => {
    expect(formatAgo('2026-11-25T09:57:00.000Z', now, 'en')).toBe('3 minutes ago');
    expect(formatAgo('2026-11-25T09:57:00.000Z', now, 'id')).toBe('3 menit yang lalu');
    expect(formatAgo('2026-11-25T09:59:58.000Z', now, 'en')).toBe('now');
    expect(formatAgo('2026-11-25T09:59:58.000Z', now, 'id')).toBe('sekarang');
    expect(formatAgo('2026-11-25T08:00:00.000Z', now, 'en')).toBe('2 hours ago');
    expect(formatAgo('2026-11-25T10:00:05.000Z', now, 'en')).toBe('now');
  });

  it('moves on as the clock ticks: the same time reads older a minute later', () => {
    const at = '2026-11-25T09:57:00.000Z';
    expect(formatAgo(at, now + 60_000, 'en')).toBe('4 minutes ago');
  });
});

describe('formatBytes', () => {
  it('uses decimal units, one decimal below 10 and whole numbers above', () => {
    expect(formatBytes(0, 'en')).toBe('0 byte');
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(8_400_000, 'en')).toBe('8.4 MB');
    expect(formatBytes(123_456_789, 'en')).toBe('123 MB');
    expect(formatBytes(1_234_000_000, 'en')).toBe('1.2 GB');
    expect(formatBytes(5_000_000_000_000_000, 'en')).toBe('5,000 TB');
  });

  it('never shows 1000 of a unit after rounding', () => {
    expect(formatBytes(999_960, 'en')).toBe('1 MB');
    expect(formatBytes(999_400, 'en')).toBe('999 kB');
  });

  it("writes numbers the Indonesian way (decimal comma)", () => {
    expect(formatBytes(8_400_000, 'id')).toBe('8,4 MB');
  });
});

describe('formatDuration', () => {
  it('says a running time in its two largest units and drops a zero second one', () => {
    expect(formatDuration(0, 'en')).toBe('0 seconds');
    expect(formatDuration(45, 'en')).toBe('45 seconds');
    expect(formatDuration(5 * 60 + 3, 'en')).toBe('5 minutes 3 seconds');
    expect(formatDuration(3_600, 'en')).toBe('1 hour');
    expect(formatDuration(2 * 3_600 + 5 * 60 + 59, 'en')).toBe('2 hours 5 minutes');
    expect(formatDuration(2 * 86_400 + 4 * 3_600 + 7, 'en')).toBe('2 days 4 hours');
    expect(formatDuration(2 * 86_400 + 59 * 60, 'en')).toBe('2 days');
  });

  it('speaks Indonesian', () => {
    expect(formatDuration(2 * 86_400 + 4 * 3_600, 'id')).toBe('2 hari 4 jam');
    expect(formatDuration(90, 'id')).toBe('1 menit 30 detik');
  });
});

describe('formatClock', () => {
  it('shows hours and minutes of a server time on a 24-hour clock in the page language', () => {
    const morning = new Date(2026, 10, 25, 9, 7).toISOString(); // local time, as the page shows it
    const afternoon = new Date(2026, 10, 25, 14, 32).toISOString();
    expect(formatClock(morning, 'id')).toBe('09.07');
    expect(formatClock(afternoon, 'en')).toBe('14:32');
    expect(formatClock(afternoon, 'en', { seconds: true })).toBe('14:32:00');
  });
});
