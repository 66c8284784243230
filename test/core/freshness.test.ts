import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration.js';
import { staleEntries } from '../../src/core/freshness.js';
import { makeEntry } from '../support/entries.js';

const DAY = 86_400_000;

describe('durations typed on the command line', () => {
  it('reads hours, days and weeks', () => {
    expect(parseDuration('12h')).toEqual({ ok: true, duration: { ms: 12 * 3_600_000, text: '12h' } });
    expect(parseDuration('180d')).toEqual({ ok: true, duration: { ms: 180 * DAY, text: '180d' } });
    expect(parseDuration('4w')).toEqual({ ok: true, duration: { ms: 28 * DAY, text: '4w' } });
  });

  it('says what a duration looks like when given something else', () => {
    for (const bad of ['180', 'd', '0d', '1.5d', '-3d', '3 days', '3m', '']) {
      expect(parseDuration(bad)).toEqual({ ok: false, message: `"${bad}": expected a duration: a whole number then h, d or w (12h, 180d, 4w)` });
    }
  });
});

describe('entries due for a review', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it('lists the never reviewed first, then the longest unreviewed, and not the recently reviewed', () => {
    const entries = [
      makeEntry('recent', { reviewed: '2026-11-01' }),
      makeEntry('old', { reviewed: '2026-01-01' }),
      makeEntry('older', { reviewed: '2025-01-01' }),
      makeEntry('never'),
    ];
    expect(staleEntries(entries, 180 * DAY, now).map((s) => [s.entry.id, s.daysSince])).toEqual([
      ['never', undefined],
      ['older', 699],
      ['old', 334],
    ]);
  });

  it('counts an entry reviewed exactly that long ago as due', () => {
    expect(staleEntries([makeEntry('a', { reviewed: '2026-11-01' })], 30 * DAY, new Date('2026-12-01T00:00:00Z'))).toHaveLength(1);
    expect(staleEntries([makeEntry('a', { reviewed: '2026-11-01' })], 31 * DAY, new Date('2026-12-01T00:00:00Z'))).toHaveLength(0);
  });
});
