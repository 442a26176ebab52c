// The call-up matching query over 10,000 and then 100,000 volunteers on the embedded server (FerretDB, or the server
// at MONGODB_URI), p50/p95 per size, for both paths the app has: the indexed query (what MongoDB runs) and the
// in-process index (what the app uses on FerretDB, which scans and decodes a whole collection for any filter but an
// exact `_id`). Also prints where the query's time goes. Last line: BENCH {"name":"matching",...} for 100,000.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import pino from 'pino';
import { type MatchCriteria, matchesCallUp } from '../src/domain/callups/matching.ts';
import { CRISIS_TYPES } from '../src/domain/reference/crisis-types.ts';
import { PROVINCES } from '../src/domain/reference/provinces.ts';
import { SPECIALTIES } from '../src/domain/reference/specialties.ts';
import { reachOf } from '../src/domain/volunteers/pledge.ts';
import { connectDatabase, type Database, ensureIndexes } from '../src/persistence/connection.ts';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../src/persistence/embedded-database.ts';
import type { VolunteerDocument } from '../src/persistence/models/volunteer.model.ts';
import { createVolunteerRepository } from '../src/persistence/repositories/volunteer.repository.ts';
import { serverKind } from '../src/persistence/server-kind.ts';
import { createQueryCandidates } from '../src/services/callups/candidates.ts';
import { createMatchIndex } from '../src/services/callups/match-index.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
/** Query runs per size: each is a full scan on FerretDB (tens of seconds at 100,000), so few by default. */
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 5);
const INDEX_RUNS = Number(process.env.BENCH_INDEX_RUNS ?? 300);
/** A wave confirms about three candidates per needed person by `_id` before inviting them. */
const WAVE_CONFIRMS = 30;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50), 2), p95: round(percentile(sorted, 95), 2), n: samples.length };
};

/** A deterministic pseudo-random stream, so every run builds the same population and the same call-ups. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** A volunteer as the repository stores it; the mix of statuses, reach and modes roughly as in a real registry. */
function volunteerDoc(i: number, random: () => number, now: Date): VolunteerDocument {
  // Capitals and large provinces get more volunteers: weight by position (Tehran first in the file).
  const province = PROVINCES[Math.floor(random() ** 2 * PROVINCES.length)]!.code;
  const specialty = SPECIALTIES[Math.floor(random() ** 1.5 * SPECIALTIES.length)]!;
  const reachRoll = random();
  const reach = reachRoll < 0.6 ? 'own' : reachRoll < 0.9 ? 'neighbors' : 'anywhere';
  const statusRoll = random();
  const status = statusRoll < 0.85 ? 'active' : statusRoll < 0.95 ? 'paused' : 'withdrawn';
  const day = 86_400_000;
  return {
    _id: `telegram:${1_000_000 + i}`,
    status,
    platform: 'telegram',
    chatId: String(1_000_000 + i),
    locale: random() < 0.9 ? 'fa' : 'en',
    name: 'داوطلب آزمایشی',
    mobile: '+989121234567',
    group: specialty.group,
    specialty: specialty.code,
    specialtyOther: null,
    licence:
      specialty.licenceBody === 'none'
        ? null
        : {
            body: specialty.licenceBody,
            number: '12345',
            digits: '12345',
            status: random() < 0.3 ? 'verified' : 'unverified',
          },
    province,
    city: 'شهر',
    hoursPerMonth: random() < 0.2 ? null : 1 + Math.floor(random() * 40),
    days: [0, 1, 2, 3, 4, 5, 6].filter(() => random() < 0.6),
    windows: ['morning', 'afternoon', 'evening', 'night'].filter(() => random() < 0.5),
    modes: random() < 0.7 ? ['crisis', 'in_person'] : ['in_person', 'remote'],
    reach,
    ...reachOf(province, reach),
    validUntil: null,
    pausedUntil: status === 'paused' ? new Date(now.getTime() + 10 * day) : null,
    unavailableUntil: random() < 0.05 ? new Date(now.getTime() + 3 * day) : null,
    note: null,
    reachable: random() < 0.98,
    hoursServed: 0,
    nextCheckInAt: new Date(now.getTime() + 30 * day),
    lastCheckInAt: null,
    confirmedAt: now,
    registeredAt: now,
    updatedAt: now,
  };
}

/** Call-ups as coordinators would send them: a crisis type's usual specialties in one province. */
function callUps(count: number, now: Date): MatchCriteria[] {
  const random = rng(7);
  return Array.from({ length: count }, () => {
    const type = CRISIS_TYPES[Math.floor(random() * CRISIS_TYPES.length)]!;
    return {
      specialties: type.typicalSpecialties.slice(0, 3 + Math.floor(random() * 5)),
      provinces: [PROVINCES[Math.floor(random() ** 2 * PROVINCES.length)]!.code],
      urgency: 'immediate' as const,
      startsAt: now,
    };
  });
}

async function openDatabase(logger: pino.Logger): Promise<{ database: Database; close: () => Promise<void> }> {
  const name = `nazr_bench_${randomBytes(4).toString('hex')}`;
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let base = process.env.MONGODB_URI;
  if (!base) {
    dataDir = await mkdtemp(join(tmpdir(), 'nazr-bench-'));
    embedded = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin: process.env.FERRETDB_BIN || undefined });
    base = embedded.uri;
  }
  const uri = base.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?/, `$1/${name}`);
  const database = await connectDatabase(uri, { logger });
  return {
    database,
    async close() {
      await database.connection.dropDatabase();
      await database.close();
      await embedded?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

export async function main(): Promise<void> {
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
  const { database, close } = await openDatabase(logger);
  const report: string[] = [];
  const log = (line: string) => {
    console.log(line);
    report.push(line);
  };
  let last: Record<string, unknown> = {};
  try {
    await ensureIndexes(database.models);
    const kind = await serverKind(database.connection);
    const volunteers = createVolunteerRepository(database.models);
    const query = createQueryCandidates(volunteers);
    const now = new Date();
    const random = rng(42);
    const criteria = callUps(Math.max(QUERY_RUNS, INDEX_RUNS), now);
    log(`server: ${kind}`);
    let stored = 0;

    for (const size of SIZES) {
      const insert = await timed(async () => {
        for (let start = stored; start < size; start += 1000) {
          const batch = Array.from({ length: Math.min(1000, size - start) }, (_, k) =>
            volunteerDoc(start + k, random, now),
          );
          await database.models.volunteers.collection.insertMany(batch as never[], { ordered: false });
        }
      });
      log(`— ${size} volunteers (inserted ${size - stored} in ${round(insert.ms / 1000)} s)`);
      stored = size;

      // 1. The indexed query, as MongoDB runs it (FerretDB: a full scan per call).
      const querySamples: number[] = [];
      let matched = 0;
      for (const c of criteria.slice(0, QUERY_RUNS)) {
        const { ms, result } = await timed(() => query.find(c, now));
        querySamples.push(ms);
        matched += result.length;
      }
      const q = stats(querySamples);
      log(`query path: p50 ${q.p50} ms, p95 ${q.p95} ms over ${q.n} call-ups (avg ${round(matched / q.n)} matches)`);

      // 2. Where the query's time goes: scanning and decoding everything vs. filtering vs. one `_id` lookup.
      const scan = await timed(() => database.models.volunteers.find({ specialty: '__none__' }).lean());
      const fetched = await timed(() =>
        volunteers.findCallUpMatches({ specialties: criteria[0]!.specialties, provinces: criteria[0]!.provinces }),
      );
      const filter = await timed(async () => fetched.result.filter((v) => matchesCallUp(v, criteria[0]!, now)));
      const lookups = await timed(async () => {
        for (let k = 0; k < 50; k++) await volunteers.getMatchFields(`telegram:${1_000_000 + k * 7}`);
      });
      log(
        `  where the time goes: scan+decode of every document (filter matching nothing) ${round(scan.ms)} ms; ` +
          `the matching query ${round(fetched.ms)} ms for ${fetched.result.length} documents; JavaScript rule on them ` +
          `${round(filter.ms, 2)} ms; one lookup by _id ${round(lookups.ms / 50, 2)} ms`,
      );

      // 3. The in-process index: one load (a scan), then in-memory matching plus the `_id` re-check of a wave.
      const index = createMatchIndex(volunteers);
      const load = await timed(() => index.load());
      const indexSamples: number[] = [];
      const waveSamples: number[] = [];
      for (const c of criteria.slice(0, INDEX_RUNS)) {
        const { ms, result } = await timed(() => index.find(c, now));
        indexSamples.push(ms);
        if (waveSamples.length < 20) {
          waveSamples.push((await timed(() => index.confirm(result.slice(0, WAVE_CONFIRMS), c, now))).ms);
        }
      }
      const ix = stats(indexSamples);
      const wave = stats(waveSamples);
      const memory = round(process.memoryUsage().heapUsed / 1024 / 1024);
      log(
        `index path: load ${round(load.ms / 1000, 1)} s (${load.result} pledges, heap ${memory} MB); ` +
          `match p50 ${ix.p50} ms, p95 ${ix.p95} ms over ${ix.n}; re-check of a ${WAVE_CONFIRMS}-person wave by _id ` +
          `p50 ${wave.p50} ms, p95 ${wave.p95} ms`,
      );
      const appPath = kind === 'ferretdb' ? 'index' : 'query';
      last = {
        name: 'matching',
        volunteers: size,
        server: kind,
        path: appPath,
        p50_ms: appPath === 'index' ? ix.p50 : q.p50,
        p95_ms: appPath === 'index' ? ix.p95 : q.p95,
        query_p50_ms: q.p50,
        query_p95_ms: q.p95,
        index_p95_ms: ix.p95,
        wave_recheck_p95_ms: wave.p95,
        index_load_ms: round(load.ms),
        scan_ms: round(scan.ms),
      };
      log(`BENCH ${JSON.stringify(last)}`);
    }
  } finally {
    await close();
  }
}
