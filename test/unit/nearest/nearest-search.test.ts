import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MatchCriteria, MatchFields } from '../../../src/domain/callups/matching.ts';
import { matchesCallUp } from '../../../src/domain/callups/matching.ts';
import { type Circle, distanceKm } from '../../../src/domain/geo/distance.ts';
import { geoOf } from '../../../src/persistence/repositories/volunteer-documents.ts';
import { nearbyPipeline } from '../../../src/persistence/repositories/volunteer-matching.repository.ts';
import { createMatchIndex } from '../../../src/services/callups/match-index.ts';
import { findNearest, nearestFirst } from '../../../src/services/nearest/nearest.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const now = tehran('2026-01-09T10:00:00');
const criteria: MatchCriteria = {
  specialties: ['gp', 'nurse'],
  provinces: ['tehran'],
  urgency: 'immediate',
  startsAt: now,
};
/** Around Tehran and Karaj, so circles hold many and cross cell edges; a few sit on a listed city's centre. */
const CITIES = [
  { province: 'tehran', city: 'تهران' },
  { province: 'tehran', city: 'Eslamshahr' },
  { province: 'alborz', city: 'کرج' },
  { province: 'tehran', city: 'جایی که در فهرست نیست' },
];
const someone = fc.record({
  pin: fc.option(
    fc.record({
      lat: fc.double({ min: 35.3, max: 36.1, noNaN: true }),
      lon: fc.double({ min: 50.6, max: 51.9, noNaN: true }),
    }),
  ),
  home: fc.constantFrom(...CITIES),
  specialty: fc.constantFrom('gp', 'nurse', 'midwife'),
  paused: fc.boolean(),
  reachable: fc.boolean(),
});
const circle = fc.record({
  center: fc.record({
    lat: fc.double({ min: 35.3, max: 36.1, noNaN: true }),
    lon: fc.double({ min: 50.6, max: 51.9, noNaN: true }),
  }),
  km: fc.constantFrom(1, 5, 10, 25, 50, 80),
});

type Someone = typeof someone extends fc.Arbitrary<infer T> ? T : never;

function volunteersOf(people: readonly Someone[]): MatchFields[] {
  return people.map((p, i) =>
    aVolunteer({
      key: `telegram:${1000 + i}`,
      chatId: String(1000 + i),
      specialty: p.specialty,
      ...p.home,
      location: p.pin,
      reachable: p.reachable,
      ...(p.paused ? { status: 'paused', pausedUntil: tehran('2026-03-01T00:00:00') } : {}),
    }),
  );
}

/** The in-process index over these volunteers, read from a map (no database: this tests the grid alone). */
async function indexOf(volunteers: readonly MatchFields[], byKey = new Map(volunteers.map((v) => [v.key, v]))) {
  const index = createMatchIndex({
    eachMatchable: async (visit) => {
      for (const v of byKey.values()) visit(v);
      return byKey.size;
    },
    getMatchFields: async (key) => byKey.get(key),
    findMatchFields: async (keys) => keys.flatMap((k) => byKey.get(k) ?? []),
  });
  await index.load();
  return index;
}

/** Brute force: every volunteer measured. */
const reference = (volunteers: readonly MatchFields[], near: Circle, limit: number) =>
  nearestFirst(
    volunteers.filter((v) => matchesCallUp(v, { ...criteria, near }, now)),
    near.center,
  ).slice(0, limit);

interface GeoNearStage {
  near: { coordinates: [number, number] };
  maxDistance: number;
  query: { status: { $in: string[] }; specialty: { $in: string[] } };
}

/** What MongoDB 7 does with the pipeline, written from its documentation: the reference the `$geoNear` path is held to. */
function runGeoNear(pipeline: ReturnType<typeof nearbyPipeline>, volunteers: readonly MatchFields[]): MatchFields[] {
  const stage = (pipeline[0] as unknown as { $geoNear: GeoNearStage }).$geoNear;
  const [lon, lat] = stage.near.coordinates;
  const status = stage.query.status.$in;
  const specialty = stage.query.specialty.$in;
  return volunteers
    .map((v) => ({ v, geo: geoOf(v) }))
    .filter(({ v, geo }) => geo && status.includes(v.status) && specialty.includes(v.specialty))
    .map(({ v, geo }) => ({
      v,
      meters: 1000 * distanceKm({ lat, lon }, { lat: geo!.coordinates[1], lon: geo!.coordinates[0] }),
    }))
    .filter(({ meters }) => meters <= stage.maxDistance)
    .sort((a, b) => a.meters - b.meters)
    .map(({ v }) => v);
}

describe('nearest responders', () => {
  it('when the in-process grid is searched, then it finds exactly the brute-force nearest, in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(someone, { maxLength: 120 }),
        circle,
        fc.integer({ min: 1, max: 60 }),
        async (people, near, limit) => {
          const volunteers = volunteersOf(people);
          const index = await indexOf(volunteers);
          const found = await findNearest(index, criteria, near, now, limit);
          expect(found.map((n) => n.volunteer.key)).toEqual(
            reference(volunteers, near, limit).map((n) => n.volunteer.key),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('when the $geoNear pipeline is run as MongoDB would, then after the matching rule it gives the same nearest', () => {
    fc.assert(
      fc.property(fc.array(someone, { maxLength: 120 }), circle, (people, near) => {
        const volunteers = volunteersOf(people);
        const pipeline = nearbyPipeline({ specialties: criteria.specialties, circle: near });
        const fromMongo = runGeoNear(pipeline, volunteers).filter((v) => matchesCallUp(v, { ...criteria, near }, now));
        const expected = reference(volunteers, near, volunteers.length).map((n) => n.volunteer.key);
        expect(nearestFirst(fromMongo, near.center).map((n) => n.volunteer.key)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('when the pipeline is built, then $geoNear comes first on the geo key with metres and a spherical GeoJSON point', () => {
    const [first, second] = nearbyPipeline({
      specialties: ['gp'],
      circle: { center: { lat: 35.7, lon: 51.4 }, km: 25 },
    });
    expect(first).toEqual({
      $geoNear: {
        near: { type: 'Point', coordinates: [51.4, 35.7] },
        key: 'geo',
        distanceField: 'distanceMeters',
        maxDistance: 25_000,
        spherical: true,
        query: { status: { $in: ['active', 'paused'] }, specialty: { $in: ['gp'] } },
      },
    });
    expect(second).toHaveProperty('$project.location', 1);
    expect(second).toHaveProperty('$project.city', 1);
  });

  it('when a volunteer moves, changes specialty or leaves, then the grid follows', async () => {
    const near: Circle = { center: { lat: 35.7, lon: 51.4 }, km: 5 };
    const here = aVolunteer({ location: { lat: 35.71, lon: 51.41 } });
    const stored = new Map<string, MatchFields>([[here.key, here]]);
    const index = await indexOf([], stored);
    const keys = async () => (await findNearest(index, criteria, near, now, 10)).map((n) => n.volunteer.key);
    expect(await keys()).toEqual([here.key]);
    const write = (change: () => void) => index.writing(here.key, async () => change());
    await write(() => stored.set(here.key, { ...here, location: { lat: 36.3, lon: 59.6 } })); // moved to Mashhad
    expect(await keys()).toEqual([]);
    await write(() => stored.set(here.key, { ...here, specialty: 'midwife' }));
    expect(await keys()).toEqual([]);
    await write(() => stored.set(here.key, here));
    expect(await keys()).toEqual([here.key]);
    await write(() => stored.delete(here.key));
    expect(await keys()).toEqual([]);
  });
});
