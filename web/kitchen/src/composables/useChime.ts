/**
 * Short synthesized sounds (Web Audio, no audio files to load). Browsers only allow sound after a user gesture,
 * so the context is created on the first touch, click or key press; `unlocked` tells the UI whether to hint
 * "tap to enable sound".
 */
import { onScopeDispose, readonly, ref, type Ref } from 'vue';

export type ChimeKind = 'newTicket' | 'ready';

/** Notes (Hz) and their length in seconds: a rising pair for new tickets, a brighter triad for "ready". */
const melodies: Record<ChimeKind, Array<[number, number]>> = {
  newTicket: [[880, 0.12], [1175, 0.18]],
  ready: [[784, 0.16], [988, 0.16], [1319, 0.32]],
};

export function useChime(muted: Ref<boolean>): { unlocked: Readonly<Ref<boolean>>; play: (kind: ChimeKind) => void } {
  const unlocked = ref(false);
  let context: AudioContext | null = null;
  const gestures = ['pointerdown', 'keydown', 'touchstart'] as const;

  function unlock(): void {
    context ??= new AudioContext();
    void context.resume().then(() => {
      unlocked.value = context?.state === 'running';
      if (unlocked.value) for (const g of gestures) window.removeEventListener(g, unlock);
    });
  }
  for (const g of gestures) window.addEventListener(g, unlock, { passive: true });
  onScopeDispose(() => {
    for (const g of gestures) window.removeEventListener(g, unlock);
    void context?.close();
  });

  function play(kind: ChimeKind): void {
    if (muted.value || context === null || context.state !== 'running') return;
    let at = context.currentTime;
    for (const [frequency, seconds] of melodies[kind]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + seconds + 0.02);
      at += seconds * 0.9;
    }
  }

  return { unlocked: readonly(unlocked), play };
}
