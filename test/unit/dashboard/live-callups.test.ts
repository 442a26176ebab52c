import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CallUpChange, createLiveCallUps, type LiveCallUps } from '../../../src/dashboard/live-callups.ts';
import type { Invitation } from '../../../src/domain/callups/invitation.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { aCallUp, anInvitation } from '../../support/callup-fixtures.ts';

const SECOND = 1000;
const WAIT = { timeout: 10_000, interval: 5 };

describe('the live feed of one call-up', () => {
  let live: LiveCallUps | undefined;
  afterEach(() => live?.stop());

  it('when an answer is written later than the feed looked back, then once seen the feed looks back far enough', async () => {
    const i18n = await createI18n({ defaultLocale: 'fa' });
    const t0 = new Date('2026-06-01T08:00:00Z').getTime();
    let now = t0;
    const callUp = aCallUp({ id: 'callup01', startsAt: new Date(t0) });
    const stored = new Map<string, Invitation>();
    for (const key of ['telegram:1', 'telegram:2', 'telegram:3']) stored.set(key, anInvitation('callup01', key));
    let recentReads = 0;
    live = createLiveCallUps(
      {
        callUp: async () => callUp,
        invitations: async () => [...stored.values()],
        answeredSince: async (_id, since) => {
          recentReads += 1;
          return [...stored.values()].filter((i) => i.answeredAt && i.answeredAt >= since);
        },
        people: async () => new Map(),
        tr: (locale) => i18n.fixedT(locale),
        now: () => new Date(now),
        logger: pino({ level: 'silent' }),
      },
      1,
    );
    const changes: CallUpChange[] = [];
    await live.subscribe('callup01', 'fa', (change) => changes.push(change));
    const answered = () => changes.flatMap((c) => c.rows).filter((row) => row.answer === 'yes').length;
    /** An answer given 8 s before it reaches the database (a busy write path). */
    const answerLate = (key: string) =>
      stored.set(key, { ...stored.get(key)!, answer: 'yes', answeredAt: new Date(now - 8 * SECOND) });

    now = t0 + SECOND;
    answerLate('telegram:1');
    const before = recentReads;
    await vi.waitFor(() => expect(recentReads).toBeGreaterThan(before + 3), WAIT);
    // Missed by the short look back: it waits for the next full read.
    expect(answered()).toBe(0);
    now = t0 + 16 * SECOND;
    await vi.waitFor(() => expect(answered()).toBe(1), WAIT);

    // The clock stays: no full read is due, so only a longer look back finds the next late answer.
    answerLate('telegram:2');
    await vi.waitFor(() => expect(answered()).toBe(2), WAIT);
  });
});
