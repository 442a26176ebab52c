import { describe, expect, it } from 'vitest';
import type { MatchFields } from '../../../src/domain/callups/matching.ts';
import { createMatchIndex } from '../../../src/services/callups/match-index.ts';
import { aVolunteer } from '../../support/volunteer-fixtures.ts';

/** Pledges over a map; while `holding`, each read by `_id` takes what is stored now but answers only when released. */
function aSource() {
  const stored = new Map<string, MatchFields>();
  const held: (() => void)[] = [];
  const state = { holding: false, readsById: 0 };
  const matchable = (fields: MatchFields | undefined) => (fields?.status === 'withdrawn' ? undefined : fields);
  const source = {
    async eachMatchable(visit: (v: MatchFields) => void) {
      for (const v of stored.values()) visit(v);
      return stored.size;
    },
    getMatchFields(key: string) {
      state.readsById += 1;
      const now = matchable(stored.get(key));
      if (!state.holding) return Promise.resolve(now);
      return new Promise<MatchFields | undefined>((resolve) => held.push(() => resolve(now)));
    },
    async findMatchFields(keys: readonly string[]) {
      return keys.map((key) => matchable(stored.get(key))).filter((v) => v !== undefined);
    },
  };
  return { stored, held, state, source };
}

/** A call-up's criteria that match `v` at `now`. */
const criteriaFor = (v: MatchFields, now: Date) => ({
  specialties: [v.specialty],
  provinces: [v.province],
  urgency: 'immediate' as const,
  startsAt: now,
});

describe('the match index kept by its own writes while alone', () => {
  it('when a read after one write is overtaken by the next write, then the later read stands, not the earlier', async () => {
    const { stored, held, state, source } = aSource();
    const v = aVolunteer({ key: 'telegram:1', chatId: '1' });
    stored.set(v.key, v);
    const index = createMatchIndex(source, { exclusiveEpoch: () => 1 });
    await index.load();
    const now = new Date();
    const criteria = criteriaFor(v, now);

    // A change of hours; its read back is slow and sees the pledge as it is then, still active.
    state.holding = true;
    const first = index.writing(v.key, async () => stored.set(v.key, { ...v, hoursPerMonth: 10 }));
    await new Promise((resolve) => setImmediate(resolve));
    state.holding = false;
    // Then a withdrawal, read back at once.
    await index.writing(v.key, async () => stored.set(v.key, { ...v, status: 'withdrawn' }));
    for (const release of held) release();
    await first;

    const reads = state.readsById;
    expect(await index.confirm([v], criteria, now)).toEqual([]);
    expect(state.readsById).toBe(reads);
  });

  it('when a read after a write fails, then the write stands and the volunteer is read again at the next confirm', async () => {
    const { stored, state, source } = aSource();
    const v = aVolunteer({ key: 'telegram:2', chatId: '2' });
    stored.set(v.key, v);
    let failing = false;
    const index = createMatchIndex(
      {
        ...source,
        getMatchFields: (key: string) => (failing ? Promise.reject(new Error('down')) : source.getMatchFields(key)),
      },
      { exclusiveEpoch: () => 1 },
    );
    await index.load();
    const now = new Date();
    const criteria = criteriaFor(v, now);

    failing = true;
    await expect(index.writing(v.key, async () => stored.set(v.key, { ...v, status: 'withdrawn' }))).resolves.toBe(
      stored,
    );
    failing = false;
    const reads = state.readsById;
    expect(await index.confirm([v], criteria, now)).toEqual([]);
    expect(state.readsById).toBe(reads + 1);
  });
});
