import { describe, expect, it } from 'vitest';
import { cityLocation } from '../../../src/domain/geo/location-of.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { fillMissingGeo } from '../../../src/persistence/repositories/volunteer-geo.ts';
import { createMatchIndex, refreshingVolunteers } from '../../../src/services/callups/match-index.ts';
import { createBasePlacement } from '../../../src/services/nearest/base-location.ts';
import { findNearest } from '../../../src/services/nearest/nearest.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const raw = createVolunteerRepository(database.models);
const now = tehran('2026-01-09T10:00:00');
const criteria = { specialties: ['gp'], provinces: [], urgency: 'immediate' as const, startsAt: now };
const storedDoc = (key: string) => database.models.volunteers.findById(key).lean();

describe('volunteer location on the real database', () => {
  it('when a pin is stored, then it is kept coarse with its GeoJSON point, and removing it falls back to the city', async () => {
    await raw.create(aVolunteer({ key: 'telegram:1', chatId: '1', location: { lat: 35.70123, lon: 51.40987 } }));
    expect((await raw.get('telegram:1'))?.location).toEqual({ lat: 35.7, lon: 51.41 });
    expect((await storedDoc('telegram:1'))?.geo).toEqual({ type: 'Point', coordinates: [51.41, 35.7] });

    await raw.update('telegram:1', () => ({ location: null }));
    const tehranCentre = cityLocation('tehran', 'تهران')!;
    expect((await raw.get('telegram:1'))?.location).toBeNull();
    expect((await storedDoc('telegram:1'))?.geo).toEqual({
      type: 'Point',
      coordinates: [tehranCentre.lon, tehranCentre.lat],
    });

    await raw.update('telegram:1', () => ({ city: 'روستایی بیرون از فهرست' }));
    expect((await storedDoc('telegram:1'))?.geo).toBeUndefined();
  });

  it('when volunteers share and remove pins, then the in-process index finds the nearest at once', async () => {
    const index = createMatchIndex(raw);
    const volunteers = refreshingVolunteers(raw, index);
    const near = { center: { lat: 35.75, lon: 51.35 }, km: 10 };
    await volunteers.create(aVolunteer({ key: 'telegram:2', chatId: '2', location: { lat: 35.76, lon: 51.36 } }));
    await volunteers.create(aVolunteer({ key: 'telegram:3', chatId: '3', location: { lat: 35.78, lon: 51.4 } }));
    await volunteers.create(
      aVolunteer({ key: 'telegram:4', chatId: '4', province: 'fars', city: 'شیراز', reachProvinces: ['fars'] }),
    );
    await index.load();
    const keys = async () => (await findNearest(index, criteria, near, now, 10)).map((n) => n.volunteer.key);
    expect(await keys()).toEqual(['telegram:2', 'telegram:3']);

    await volunteers.update('telegram:4', () => ({ location: { lat: 35.75, lon: 51.35 } }));
    expect(await keys()).toEqual(['telegram:4', 'telegram:2', 'telegram:3']);
    await volunteers.update('telegram:4', () => ({ location: null }));
    expect(await keys()).toEqual(['telegram:2', 'telegram:3']);
  });

  it('when a volunteer without a pin joins a base and leaves it, then they are placed at the base and then at their city', async () => {
    const index = createMatchIndex(raw);
    const volunteers = refreshingVolunteers(raw, index);
    const placeAtBase = createBasePlacement(volunteers);
    // A base in Shahriar, about 30 km west of Tehran's centre: outside a 10 km circle around the centre.
    const base = { lat: 35.66, lon: 51.06 };
    const aroundBase = { center: base, km: 5 };
    const aroundCentre = { center: cityLocation('tehran', 'تهران')!, km: 10 };
    await volunteers.create(aVolunteer({ key: 'telegram:7', chatId: '7' }));
    await index.load();
    const keys = async (near: typeof aroundBase) =>
      (await findNearest(index, criteria, near, now, 10)).map((n) => n.volunteer.key);
    expect(await keys(aroundCentre)).toContain('telegram:7');

    await placeAtBase('telegram:7', base);
    expect((await storedDoc('telegram:7'))?.geo).toEqual({ type: 'Point', coordinates: [base.lon, base.lat] });
    expect(await keys(aroundBase)).toEqual(['telegram:7']);
    expect(await keys(aroundCentre)).not.toContain('telegram:7');

    // Their own pin wins over the base's place.
    await volunteers.update('telegram:7', () => ({ location: { lat: 35.75, lon: 51.35 } }));
    expect(await keys(aroundBase)).toEqual([]);
    await volunteers.update('telegram:7', () => ({ location: null }));

    await placeAtBase('telegram:7', null);
    expect(await keys(aroundBase)).toEqual([]);
    expect(await keys(aroundCentre)).toContain('telegram:7');
    await placeAtBase('telegram:unregistered', base);
    expect(await storedDoc('telegram:unregistered')).toBeNull();
  });

  it('when volunteers were stored before `geo` existed, then it is filled in from their pin or city, once', async () => {
    await raw.create(aVolunteer({ key: 'telegram:5', chatId: '5', location: { lat: 35.8, lon: 51.5 } }));
    await raw.create(aVolunteer({ key: 'telegram:6', chatId: '6', city: 'جایی بیرون از فهرست' }));
    const base = { lat: 35.66, lon: 51.06 };
    await raw.create(aVolunteer({ key: 'telegram:8', chatId: '8', city: 'جایی بیرون از فهرست', baseLocation: base }));
    const old = ['telegram:5', 'telegram:6', 'telegram:8'];
    await database.models.volunteers.updateMany({ _id: { $in: old } }, { $unset: { geo: 1 } });
    expect(await fillMissingGeo(database.models.volunteers)).toBe(2);
    expect((await storedDoc('telegram:5'))?.geo).toEqual({ type: 'Point', coordinates: [51.5, 35.8] });
    expect((await storedDoc('telegram:6'))?.geo).toBeUndefined();
    expect((await storedDoc('telegram:8'))?.geo).toEqual({ type: 'Point', coordinates: [base.lon, base.lat] });
    expect(await fillMissingGeo(database.models.volunteers)).toBe(0);
  });
});
