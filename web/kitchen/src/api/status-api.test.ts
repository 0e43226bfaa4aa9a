import { describe, expect, it } from 'vitest';
import { parseStatusView } from './status-api.ts';

describe('parseStatusView', () => {
  const view = { storeId: 's1', at: '2026-11-25T10:00:00.000Z', link: 'down', pendingUpload: 3 };

  it("takes a pushed status event's data as the view", () => {
    expect(parseStatusView(JSON.stringify(view))).toEqual(view);
  });

  it('refuses data that is not a status view, so a garbled event never blanks the tiles', () => {
    for (const bad of ['', 'not json', 'null', '[]', JSON.stringify({ ...view, storeId: 1 }), JSON.stringify({ ...view, at: 'yesterday' }), JSON.stringify({ ...view, link: 'sideways' })]) {
      expect(parseStatusView(bad), bad).toBeNull();
    }
  });
});
