import { describe, expect, it } from 'vitest';
import { keyToCommand } from './bump-keys.ts';

describe('keyToCommand', () => {
  it('selects the n-th ticket with digits 1 to 9', () => {
    expect(keyToCommand({ key: '1' })).toEqual({ kind: 'select', position: 0 });
    expect(keyToCommand({ key: '9' })).toEqual({ kind: 'select', position: 8 });
    expect(keyToCommand({ key: '0' })).toBeNull();
  });

  it('bumps with Enter, recalls with R and moves with the arrows', () => {
    expect(keyToCommand({ key: 'Enter' })).toEqual({ kind: 'bump' });
    expect(keyToCommand({ key: 'r' })).toEqual({ kind: 'recall' });
    expect(keyToCommand({ key: 'R' })).toEqual({ kind: 'recall' });
    expect(keyToCommand({ key: 'ArrowRight' })).toEqual({ kind: 'move', delta: 1 });
    expect(keyToCommand({ key: 'ArrowUp' })).toEqual({ kind: 'move', delta: -1 });
  });

  it('leaves browser shortcuts alone', () => {
    expect(keyToCommand({ key: 'r', ctrlKey: true })).toBeNull();
    expect(keyToCommand({ key: '1', metaKey: true })).toBeNull();
    expect(keyToCommand({ key: 'x' })).toBeNull();
  });
});
