// "The 60 nearest matching volunteers within 25 km of a random point" over 100,000 volunteers (BENCH_VOLUNTEERS)
// spread over Iran's provinces: each near a listed city (cities.json) with a few kilometres of jitter, most with a
// shared pin, the rest placed at their city's centre. Stored in the embedded FerretDB (or the server at MONGODB_URI),
// then searched the way the app does on that server: the in-process grid of the match index on FerretDB, `$geoNear`
// on MongoDB. Last line: BENCH {"name":"nearest","volunteers":N,"p95_ms":…}.
import process from 'node:process';
import type { MatchCriteria } from '../src/domain/callups/matching.ts';
import type { GeoPoint } from '../src/domain/geo/geo-point.ts';
import { citiesOf } from '../src/domain/reference/cities.ts';
import { CRISIS_TYPES } from '../src/domain/reference/crisis-types.ts';
import { PROVINCES } from '../src/domain/reference/provinces.ts';
import { getSpecialty, SPECIALTIES } from '../src/domain/reference/specialties.ts';
import { reachOf } from '../src/domain/volunteers/pledge.ts';
import type { Volunteer } from '../src/domain/volunteers/volunteer.ts';
import { createVolunteerRepository } from '../src/persistence/repositories/volunteer.repository.ts';
import { toDocument } from '../src/persistence/repositories/volunteer-documents.ts';
import { serverKind } from '../src/persistence/server-kind.ts';
import { createQueryCandidates } from '../src/services/callups/candidates.ts';
import { createMatchIndex } from '../src/services/callups/match-index.ts';
import { findNearest } from '../src/services/nearest/nearest.ts';
import { startBenchDatabase } from './support/bench-database.ts';
import { percentile, round } from './support/measure.ts';

const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const RADIUS_KM = 25;
const LIMIT = 60;
/** Share of volunteers who shared a pin; the others are placed at their city's centre. */
const PINNED = 0.7;

/** A deterministic pseudo-random stream, so every run builds the same population and asks the same questions. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** A province (larger ones first in the file get more), one of its cities (the capital most), a point near it. */
function somewhere(random: () => number, jitterKm: number) {
  const province = PROVINCES[Math.floor(random() ** 2 * PROVINCES.length)]!.code;
  const cities = citiesOf(province);
  const city = cities[Math.floor(random() ** 3 * cities.length)]!;
  const km = jitterKm * Math.sqrt(random());
  const bearing = random() * 2 * Math.PI;
  const point: GeoPoint = {
    lat: city.latitude + (km / 111) * Math.cos(bearing),
    lon: city.longitude + (km / (111 * Math.cos((city.latitude * Math.PI) / 180))) * Math.sin(bearing),
  };
  return { province, city: city.fa, point };
}

function volunteer(i: number, random: () => number, now: Date): Volunteer {
  const { province, city, point } = somewhere(random, 8);
  const specialty = SPECIALTIES[Math.floor(random() ** 1.5 * SPECIALTIES.length)]!;
  const day = 86_400_000;
  return {
    key: `telegram:${1_000_000 + i}`,
    platform: 'telegram',
    chatId: String(1_000_000 + i),
    locale: 'fa',
    name: 'داوطلب آزمایشی',
    mobile: '+989121234567',
    group: specialty.group,
    specialty: specialty.code,
    specialtyOther: null,
    licence: null,
    province,
    city,
    location: random() < PINNED ? point : null,
    hoursPerMonth: 8,
    days: [0, 1, 2, 3, 4, 5, 6],
    windows: ['morning', 'afternoon', 'evening', 'night'],
    modes: random() < 0.8 ? ['crisis', 'in_person'] : ['in_person', 'remote'],
    reach: 'own',
    ...reachOf(province, 'own'),
    validUntil: null,
    note: null,
    status: random() < 0.9 ? 'active' : 'withdrawn',
    pausedUntil: null,
    unavailableUntil: null,
    reachable: random() < 0.98,
    hoursServed: 0,
    nextCheckInAt: new Date(now.getTime() + 30 * day),
    lastCheckInAt: null,
    confirmedAt: now,
    registeredAt: now,
    updatedAt: now,
  };
}

/** An incident near a city (weighted like the population) and a crisis type's usual specialties. */
function incidents(count: number, now: Date) {
  const random = rng(7);
  return Array.from({ length: count }, () => {
    const type = CRISIS_TYPES[Math.floor(random() * CRISIS_TYPES.length)]!;
    const criteria: MatchCriteria = {
      specialties: type.typicalSpecialties.filter((code) => getSpecialty(code)).slice(0, 3 + Math.floor(random() * 5)),
      provinces: [],
      urgency: 'immediate',
      startsAt: now,
    };
    return { criteria, center: somewhere(random, 15).point };
  });
}

export async function main(): Promise<void> {
  const server = await startBenchDatabase();
  const run = await server.fresh();
  try {
    const now = new Date();
    const kind = await serverKind(run.database.connection);
    const volunteers = createVolunteerRepository(run.database.models);
    const random = rng(42);
    const insertStarted = performance.now();
    for (let start = 0; start < VOLUNTEERS; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, VOLUNTEERS - start) }, (_, k) =>
        toDocument(volunteer(start + k, random, now)),
      );
      await run.database.models.volunteers.collection.insertMany(batch as never[], { ordered: false });
    }
    console.log(
      `${server.kind}: ${VOLUNTEERS} volunteers inserted in ${round((performance.now() - insertStarted) / 1000)} s`,
    );

    // The app's path on this server (see app/repositories.ts).
    let source: Parameters<typeof findNearest>[0];
    if (kind === 'ferretdb') {
      const index = createMatchIndex(volunteers);
      const loadStarted = performance.now();
      await index.load();
      console.log(`in-process index loaded in ${round((performance.now() - loadStarted) / 1000)} s`);
      source = index;
    } else {
      await volunteers.ensureGeoIndex();
      source = createQueryCandidates(volunteers);
    }
    const samples: number[] = [];
    let found = 0;
    for (const { criteria, center } of incidents(RUNS, now)) {
      const started = performance.now();
      const nearest = await findNearest(source, criteria, { center, km: RADIUS_KM }, now, LIMIT);
      samples.push(performance.now() - started);
      found += nearest.length;
    }
    const path = kind === 'ferretdb' ? 'grid' : '$geoNear';
    console.log(
      `${path}: p50 ${round(percentile(samples, 50), 2)} ms, p95 ${round(percentile(samples, 95), 2)} ms, ` +
        `max ${round(Math.max(...samples), 2)} ms over ${RUNS} searches (avg ${round(found / RUNS)} of ${LIMIT} found)`,
    );
    const result = {
      name: 'nearest',
      volunteers: VOLUNTEERS,
      server: kind,
      path,
      p50_ms: round(percentile(samples, 50), 2),
      p95_ms: round(percentile(samples, 95), 2),
    };
    console.log(`BENCH ${JSON.stringify(result)}`);
  } finally {
    await run.drop();
    await server.stop();
  }
}
