import { describe, expect, it } from 'vitest';
import type { MatchFields } from '../../../src/domain/callups/matching.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { createMatchIndex, refreshingVolunteers } from '../../../src/services/callups/match-index.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const stored = createVolunteerRepository(database.models);

let nextId = 70_000;
/** Volunteers of a specialty of their own, so each test's call-up matches only its own people. */
async function seed(specialty: string, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i += 1) {
    nextId += 1;
    const v = aVolunteer({ key: `telegram:${nextId}`, chatId: String(nextId), specialty });
    await stored.create(v);
    keys.push(v.key);
  }
  return keys;
}

/** The index's reads of the database, counted: what a confirm re-read. */
function countedReads(gate?: { scanned: () => void; release: Promise<void> }) {
  const reads = { byId: [] as string[], queries: 0 };
  const source = {
    async eachMatchable(visit: (v: MatchFields) => void) {
      const count = await stored.eachMatchable(visit);
      gate?.scanned();
      await gate?.release;
      return count;
    },
    getMatchFields(key: string) {
      reads.byId.push(key);
      return stored.getMatchFields(key);
    },
    findMatchFields(keys: readonly string[]) {
      reads.queries += 1;
      return stored.findMatchFields(keys);
    },
  };
  const forget = () => {
    reads.byId = [];
    reads.queries = 0;
  };
  return { source, reads, forget };
}

function setUp(specialty: string, gate?: Parameters<typeof countedReads>[0]) {
  const epoch = { now: 1 as number | undefined };
  const counted = countedReads(gate);
  const index = createMatchIndex(counted.source, { exclusiveEpoch: () => epoch.now });
  const volunteers = refreshingVolunteers(stored, index);
  const now = new Date();
  const criteria = { specialties: [specialty], provinces: ['tehran'], urgency: 'immediate' as const, startsAt: now };
  const confirm = async (candidates: readonly Pick<MatchFields, 'key'>[]) =>
    (await index.confirm(candidates, criteria, now)).map((v) => v.key);
  return { epoch, index, volunteers, criteria, now, confirm, ...counted };
}

const withdraw = { status: 'withdrawn' as const };

describe('the match index while this process is alone on the database', () => {
  it('when loaded in this epoch, then a confirm reads nothing and still leaves out one who withdrew here', async () => {
    const keys = await seed('radiology', 10);
    const { index, volunteers, criteria, now, confirm, reads, forget } = setUp('radiology');
    await index.load();
    const matches = await index.find(criteria, now);
    await volunteers.update(keys[0]!, () => withdraw);
    forget();

    expect((await confirm(matches)).sort()).toEqual(keys.slice(1).sort());
    expect(reads).toEqual({ byId: [], queries: 0 });
  });

  it('when records were written past the repositories (a new epoch), then a confirm reads them and the index reloads', async () => {
    const keys = await seed('cardiology', 10);
    const { epoch, index, criteria, now, confirm, reads, forget } = setUp('cardiology');
    await index.load();
    const matches = await index.find(criteria, now);
    await stored.update(keys[1]!, () => withdraw);
    epoch.now = 2;
    forget();

    expect(await confirm(matches)).not.toContain(keys[1]);
    expect(reads.byId.length + reads.queries).toBeGreaterThan(0);
    await index.load(); // the reload the confirm began
    forget();
    expect(await confirm(matches)).toHaveLength(9);
    expect(reads).toEqual({ byId: [], queries: 0 });
  });

  it('when others may write (no epoch), then every confirm reads the candidates again', async () => {
    await seed('dermatology', 3);
    const { epoch, index, criteria, now, confirm, reads } = setUp('dermatology');
    epoch.now = undefined;
    await index.load();
    expect(await confirm(await index.find(criteria, now))).toHaveLength(3);
    expect(reads.byId).toHaveLength(3);
  });

  it('when a write is under way, then only that volunteer is read again', async () => {
    const keys = await seed('ophthalmology', 10);
    const { index, volunteers, criteria, now, confirm, reads, forget } = setUp('ophthalmology');
    await index.load();
    const matches = await index.find(criteria, now);
    forget();
    const writing = volunteers.update(keys[2]!, () => withdraw);

    await confirm(matches);
    expect(reads.byId.filter((key) => key !== keys[2])).toEqual([]);
    expect(reads.byId).toContain(keys[2]);
    await writing;
    forget();
    expect(await confirm(matches)).not.toContain(keys[2]);
    expect(reads).toEqual({ byId: [], queries: 0 });
  });

  it('when a write lands while the index loads, then the loaded index does not bring back what it replaced', async () => {
    const keys = await seed('neurology', 5);
    let scanned = () => {};
    const scanDone = new Promise<void>((resolve) => {
      scanned = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { index, volunteers, confirm, reads, forget } = setUp('neurology', {
      scanned,
      release: released,
    });
    const loading = index.load();
    await scanDone; // read before the write below: the new index holds them as they were
    await volunteers.update(keys[3]!, () => withdraw);
    release();
    await loading;
    forget();

    expect((await confirm(keys.map((key) => ({ key })))).sort()).toEqual(keys.filter((_, i) => i !== 3).sort());
    expect(reads).toEqual({ byId: [], queries: 0 });
  });
});
