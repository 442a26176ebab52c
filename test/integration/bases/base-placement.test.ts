import { describe, expect, it } from 'vitest';
import type { GeoPoint } from '../../../src/domain/geo/geo-point.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { createBaseRepository } from '../../../src/persistence/repositories/base.repository.ts';
import { createBasePeopleRepository } from '../../../src/persistence/repositories/base-people.repository.ts';
import { createBasesServices } from '../../../src/services/bases/bases-services.ts';
import { createTestDatabase } from '../../support/database.ts';
import { createStaffTestbed } from '../../support/staff.ts';

const database = await createTestDatabase();
const staff = await createStaffTestbed(database);
const placed: [string, GeoPoint | null][] = [];
const services = createBasesServices({
  bases: createBaseRepository(database.models),
  people: createBasePeopleRepository(database.models),
  volunteers: staff.repositories.volunteers,
  authorization: staff.services.authorization,
  audit: staff.services.audit,
  t: (await createI18n({ defaultLocale: 'fa' })).t,
  now: staff.clock.now,
  placeAtBase: async (key, at) => {
    placed.push([key, at]);
  },
});

describe('a member placed at their base, for call-ups by distance', () => {
  it('when a volunteer joins, the base moves or closes, and they leave, then each time they are placed where the base is', async () => {
    const { admin } = staff;
    const fields = { kind: 'clinic', name: 'درمانگاه نارمک', province: 'tehran', city: 'تهران', neighbourhood: null };
    const base = await services.bases.create(admin, { ...fields, pin: { lat: 35.74, lon: 51.5 } });
    await services.membership.join('telegram:1', base.id);
    await services.bases.edit(admin, base.id, { name: 'درمانگاه نارمک شرقی' });
    await services.bases.edit(admin, base.id, { pin: { lat: 35.75, lon: 51.52 } });
    await services.bases.setOpen(admin, base.id, false);
    await services.bases.setOpen(admin, base.id, true);
    await services.membership.leave('telegram:1');
    expect(placed).toEqual([
      ['telegram:1', { lat: 35.74, lon: 51.5 }],
      ['telegram:1', { lat: 35.75, lon: 51.52 }],
      ['telegram:1', null],
      ['telegram:1', { lat: 35.75, lon: 51.52 }],
      ['telegram:1', null],
    ]);
  });
});
