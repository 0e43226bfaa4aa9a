/**
 * Keyboard and bump-bar mapping. Bump bars are USB keyboards with a few big keys that send digits, Enter and
 * letters, so one mapping serves both.
 */
export type BumpCommand =
  | { kind: 'select'; position: number }
  | { kind: 'bump' }
  | { kind: 'recall' }
  | { kind: 'move'; delta: number };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/**
 * Maps a key press to a command, or null for keys the display ignores (also any key with Ctrl/Alt/Meta, so
 * browser shortcuts keep working). `position` is 0-based: key "1" selects the first ticket on the rail.
 */
export function keyToCommand(event: KeyLike): BumpCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const { key } = event;
  if (/^[1-9]$/.test(key)) return { kind: 'select', position: Number(key) - 1 };
  switch (key) {
    case 'Enter':
      return { kind: 'bump' };
    case 'r':
    case 'R':
      return { kind: 'recall' };
    case 'ArrowRight':
    case 'ArrowDown':
      return { kind: 'move', delta: 1 };
    case 'ArrowLeft':
    case 'ArrowUp':
      return { kind: 'move', delta: -1 };
    default:
      return null;
  }
}
