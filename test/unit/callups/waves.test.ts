import { describe, expect, it } from 'vitest';
import { DEFAULT_WAVE_TIMINGS, isFresh, nextWaveSize, WAVE_FACTOR } from '../../../src/domain/callups/waves.ts';

describe('wave sizing', () => {
  it('when nothing was sent yet, then the first wave is three invitations per needed person', () => {
    expect(WAVE_FACTOR).toBe(3);
    expect(nextWaveSize({ need: 4, confirmed: 0, pending: 0 })).toBe(12);
  });

  it('when some confirmed and some are still expected to answer, then only the gap is filled', () => {
    // 2 seats open → 6 wanted, 4 still pending → 2 more.
    expect(nextWaveSize({ need: 5, confirmed: 3, pending: 4 })).toBe(2);
  });

  it('when enough answers are still pending, then no new wave goes out', () => {
    expect(nextWaveSize({ need: 2, confirmed: 0, pending: 9 })).toBe(0);
  });

  it('when the need is met (or overshot by promotions), then the wave is empty, never negative', () => {
    expect(nextWaveSize({ need: 2, confirmed: 2, pending: 0 })).toBe(0);
    expect(nextWaveSize({ need: 2, confirmed: 3, pending: 0 })).toBe(0);
  });

  it('when an invitation is older than the lag of its urgency, then it no longer counts as pending', () => {
    const sent = new Date('2026-01-10T10:00:00Z');
    const at = (minutes: number) => new Date(sent.getTime() + minutes * 60_000);
    expect(isFresh(sent, 'immediate', at(4), DEFAULT_WAVE_TIMINGS)).toBe(true);
    expect(isFresh(sent, 'immediate', at(5), DEFAULT_WAVE_TIMINGS)).toBe(false);
    expect(isFresh(sent, 'scheduled', at(60), DEFAULT_WAVE_TIMINGS)).toBe(true);
  });
});
