import { describe, expect, it } from 'vitest';
import { createDashboardReadRepository } from '../../../src/persistence/repositories/dashboard-read.repository.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const read = createDashboardReadRepository(database.models);
const volunteers = createVolunteerRepository(database.models);
const keys = Array.from({ length: 150 }, (_, n) => `telegram:${5000 + n}`);
for (const [n, key] of keys.entries()) {
  await volunteers.create(
    aVolunteer({ key, chatId: key.split(':')[1]!, name: `Volunteer ${n}`, province: 'fars', reachProvinces: ['fars'] }),
  );
}

describe('the people a dashboard names', () => {
  it('when a few have just answered, then each is found, and one never registered is left out', async () => {
    const found = await read.people([keys[3]!, 'telegram:1', keys[7]!]);
    expect([...found.keys()]).toEqual([keys[3], keys[7]]);
    expect(found.get(keys[3]!)).toEqual({ name: 'Volunteer 3', mobile: '+989121234567', province: 'fars' });
  });

  it('when a page first opens on many, then they are read a batch at a time with the same facts', async () => {
    const found = await read.people([...keys, 'telegram:1']);
    expect(found.size).toBe(keys.length);
    expect(found.get(keys[149]!)).toEqual({ name: 'Volunteer 149', mobile: '+989121234567', province: 'fars' });
  });
});
