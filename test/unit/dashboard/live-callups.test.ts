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
        // Another instance runs: what it writes is seen only by reading.
        watch: () => () => {},
        alone: () => false,
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

  it('when alone on the database, then an answer written here shows at once, read from nowhere; one written elsewhere at the next full read', async () => {
    const i18n = await createI18n({ defaultLocale: 'fa' });
    const t0 = new Date('2026-06-01T08:00:00Z').getTime();
    let now = t0;
    const callUp = aCallUp({ id: 'callup02', startsAt: new Date(t0) });
    const stored = new Map<string, Invitation>();
    for (const key of ['telegram:1', 'telegram:2']) stored.set(key, anInvitation('callup02', key));
    const listeners = new Set<(invitations: readonly Invitation[]) => void>();
    let reads = 0;
    live = createLiveCallUps(
      {
        callUp: async () => callUp,
        invitations: async () => {
          reads += 1;
          return [...stored.values()];
        },
        answeredSince: async () => {
          reads += 1;
          return [];
        },
        people: async () => new Map(),
        tr: (locale) => i18n.fixedT(locale),
        now: () => new Date(now),
        logger: pino({ level: 'silent' }),
        watch: (_id, listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        alone: () => true,
      },
      1,
    );
    const changes: CallUpChange[] = [];
    await live.subscribe('callup02', 'fa', (change) => changes.push(change));
    const answered = () =>
      new Set(
        changes
          .flatMap((c) => c.rows)
          .filter((row) => row.answer === 'yes')
          .map((r) => r.id),
      );
    const readsAfterStart = reads;

    const yes = { ...stored.get('telegram:1')!, answer: 'yes' as const, answeredAt: new Date(now) };
    stored.set('telegram:1', yes);
    for (const listener of listeners) listener([yes]);
    await vi.waitFor(() => expect(answered().size).toBe(1), WAIT);
    expect(reads).toBe(readsAfterStart);

    // Written by a process that is not this one (an admin's tool): no listener hears of it.
    stored.set('telegram:2', { ...stored.get('telegram:2')!, answer: 'yes', answeredAt: new Date(now) });
    now = t0 + 16 * SECOND;
    await vi.waitFor(() => expect(answered().size).toBe(2), WAIT);
  });
});
