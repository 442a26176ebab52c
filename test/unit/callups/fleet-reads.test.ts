import { describe, expect, it } from 'vitest';
import { shownSince } from '../../../src/services/callups/board-refresh.ts';
import { readBeganAfter } from '../../../src/services/callups/read-after.ts';

const INTERVAL_MS = 3000;
const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const ago = (ms: number) => new Date(NOW - ms);
const renderFrom = (msAgo: number) => ({ readFrom: ago(msAgo), inFlight: true });

describe('whether a read another instance began already saw a change made here', () => {
  it('when the read began well after the change, then it saw it', () => {
    expect(readBeganAfter(ago(500), NOW - 2000)).toBe(true);
  });

  it('when the read began before the change, or within the clocks’ possible skew after it, or never, then it did not', () => {
    expect(readBeganAfter(ago(2500), NOW - 2000)).toBe(false);
    expect(readBeganAfter(ago(1500), NOW - 2000)).toBe(false);
    expect(readBeganAfter(null, NOW - 2000)).toBe(false);
  });
});

describe('whether another instance already showed what a board refresh here is for', () => {
  it('when a render began reading well after the change made here, then no second render is due', () => {
    expect(shownSince(renderFrom(500), { changedAt: NOW - 2000, intervalMs: INTERVAL_MS, now: NOW })).toBe(true);
    expect(shownSince(renderFrom(2500), { changedAt: NOW - 2000, intervalMs: INTERVAL_MS, now: NOW })).toBe(false);
  });

  it('when a poll comes within half an interval of any render, then it is left out, and after that it renders', () => {
    expect(shownSince(renderFrom(1000), { changedAt: undefined, intervalMs: INTERVAL_MS, now: NOW })).toBe(true);
    // This instance's own poll comes an interval after its own last render: that one does not stop it.
    expect(shownSince(renderFrom(INTERVAL_MS), { changedAt: undefined, intervalMs: INTERVAL_MS, now: NOW })).toBe(
      false,
    );
  });
});
