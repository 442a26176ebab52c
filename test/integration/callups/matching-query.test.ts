import { describe, expect, it } from 'vitest';
import { matchesCallUp } from '../../../src/domain/callups/matching.ts';
import { volunteerSchema } from '../../../src/persistence/models/volunteer.model.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { callUpMatchFilter } from '../../../src/persistence/repositories/volunteer-matching.repository.ts';
import { createMatchIndex } from '../../../src/services/callups/match-index.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const volunteers = createVolunteerRepository(database.models);

/** FerretDB answers buildInfo with a `ferretdb` section; MongoDB does not. */
async function isFerretDb(): Promise<boolean> {
  const info = await database.connection.db!.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info;
}

let nextId = 50_000;
async function seed(overrides: Parameters<typeof aVolunteer>[0] = {}) {
  nextId += 1;
  const v = aVolunteer({ key: `telegram:${nextId}`, chatId: String(nextId), ...overrides });
  await volunteers.create(v);
  return v;
}

describe('the call-up matching query', () => {
  it('when the filter is built, then each $or branch starts with the exact prefix of a declared compound index', () => {
    const filter = callUpMatchFilter({ specialties: ['gp', 'nurse'], provinces: ['tehran', 'alborz'] });
    const branches = filter.$or as Record<string, unknown>[];
    expect(Object.keys(filter)).toEqual(['$or']);
    const indexKeys = volunteerSchema.indexes().map(([keys]) => Object.keys(keys));
    for (const branch of branches) {
      const fields = Object.keys(branch);
      const index = indexKeys.find((keys) => keys.slice(0, 3).join() === fields.join());
      expect(index, `an index for ${fields.join(', ')}`).toBeDefined();
    }
    expect(branches.map((b) => Object.keys(b)[2])).toEqual(['reachProvinces', 'reachAnywhere']);
  });

  it('when run on MongoDB, then explain shows an index scan for both branches (FerretDB: documented scan)', async () => {
    await seed({ status: 'withdrawn' }); // the collection exists from its first write; this one matches nothing
    const filter = callUpMatchFilter({ specialties: ['gp'], provinces: ['tehran'] });
    const explained = await database.models.volunteers.find(filter).explain('queryPlanner');
    const plan = JSON.stringify(explained);
    if (await isFerretDb()) {
      // FerretDB v1 pushes only exact `_id` filters down and says so; the shape test above is what MongoDB needs.
      expect(explained).toMatchObject({ filterPushdown: false });
      expect(plan).toContain('SCAN volunteers');
      return;
    }
    expect(plan).toContain('IXSCAN');
    expect(plan).not.toContain('COLLSCAN');
  });

  it('when volunteers are stored, then the query and the rule together find exactly the matching ones', async () => {
    const now = new Date();
    const match = await seed({ specialty: 'gp' });
    const anywhere = await seed({
      province: 'fars',
      reachProvinces: ['fars'],
      reachAnywhere: true,
      reach: 'anywhere',
    });
    await seed({ province: 'fars', reachProvinces: ['fars'] });
    await seed({ specialty: 'nurse', group: 'nursing', licence: null });
    await seed({ status: 'withdrawn' });
    await seed({ modes: ['remote'] });
    const pausedOver = await seed({ status: 'paused', pausedUntil: new Date(now.getTime() - 60_000) });

    const found = await volunteers.findCallUpMatches({ specialties: ['gp'], provinces: ['tehran'] });
    const criteria = { specialties: ['gp'], provinces: ['tehran'], urgency: 'immediate' as const, startsAt: now };
    const keys = found.filter((v) => matchesCallUp(v, criteria, now)).map((v) => v.key);
    expect(keys.sort()).toEqual([match.key, anywhere.key, pausedOver.key].sort());
  });

  it('when the in-process index is loaded, then it finds the same people and drops one who paused since', async () => {
    const now = new Date();
    const criteria = { specialties: ['gp'], provinces: ['tehran'], urgency: 'immediate' as const, startsAt: now };
    const index = createMatchIndex(volunteers);
    await index.load();
    const fromQuery = (await volunteers.findCallUpMatches(criteria)).filter((v) => matchesCallUp(v, criteria, now));
    const fromIndex = await index.find(criteria, now);
    expect(fromIndex.map((v) => v.key).sort()).toEqual(fromQuery.map((v) => v.key).sort());

    const pausing = fromIndex[0]!;
    await volunteers.update(pausing.key, () => ({ status: 'withdrawn' }));
    const confirmed = await index.confirm(fromIndex, criteria, now);
    expect(confirmed.map((v) => v.key)).not.toContain(pausing.key);
    expect(confirmed).toHaveLength(fromIndex.length - 1);
  });

  it('when one candidate or most of the index is confirmed, then both the single lookups and the one query see a withdrawal', async () => {
    const now = new Date();
    const criteria = { specialties: ['gp'], provinces: ['tehran'], urgency: 'immediate' as const, startsAt: now };
    const seeded = [];
    // More than one batch of lookups (eight), so that confirming them all takes the one query.
    for (let i = 0; i < 10; i += 1) seeded.push(await seed({ specialty: 'gp' }));
    const [alone, inCrowd] = seeded;
    const index = createMatchIndex(volunteers);
    await index.load();
    const matches = await index.find(criteria, now);
    await volunteers.update(alone!.key, () => ({ status: 'withdrawn' }));
    await volunteers.update(inCrowd!.key, () => ({ status: 'withdrawn' }));

    expect(
      await index.confirm(
        matches.filter((v) => v.key === alone!.key),
        criteria,
        now,
      ),
    ).toEqual([]);
    const confirmed = (await index.confirm(matches, criteria, now)).map((v) => v.key);
    expect(confirmed).not.toContain(inCrowd!.key);
    expect(confirmed).toHaveLength(matches.length - 2);
    expect(index.size).toBe(await index.load());
  });
});
