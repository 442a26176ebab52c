/**
 * An in-process matching index for FerretDB, whose only pushed-down filter is an exact `_id`: the matching fields of
 * every pledge (about 200 bytes each), bucketed by specialty, loaded once with one scan and kept current by
 * `refresh(key)` after this process's own writes and by a periodic reload for other instances' writes. A wave
 * re-reads each chosen volunteer by `_id` before inviting (see `confirm`), so a stale entry can only cost a
 * candidate, never invite someone who has since paused or left.
 */
import { type MatchFields, matchesCallUp } from '../../domain/callups/matching.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { CandidateSource, ConfirmOptions } from './ports.ts';
import { SpecialtyBuckets } from './specialty-buckets.ts';

type MatchReads = Pick<VolunteerRepository, 'eachMatchable' | 'getMatchFields' | 'findMatchFields'>;

const CONFIRM_PARALLEL = 8;
/**
 * On FerretDB one `_id` lookup (eight at a time) costs about as much as decoding a hundred documents in a scan (the
 * matching bench: ~29 ms against ~0.29 ms a volunteer). Beyond one batch of lookups, re-reading more than a hundredth
 * of the index one by one is slower than one query that scans it all.
 */
const LOOKUPS_PER_SCANNED_DOCUMENT = 1 / 100;

export interface MatchIndex extends CandidateSource {
  /** Reads every matchable pledge; resolves with how many were loaded. */
  load(): Promise<number>;
  /** Re-reads one volunteer by `_id` after a change. */
  refresh(key: string): Promise<void>;
  readonly size: number;
  readonly loadedAt: Date | null;
}

export function createMatchIndex(volunteers: MatchReads, clock: () => Date = () => new Date()): MatchIndex {
  let buckets = new SpecialtyBuckets();
  let loadedAt: Date | null = null;
  let loading: Promise<number> | undefined;

  const index: MatchIndex = {
    get size() {
      return buckets.size;
    },
    get loadedAt() {
      return loadedAt;
    },
    load() {
      loading ??= (async () => {
        const started = clock();
        // Built aside and swapped in, so queries during a reload see the previous index rather than half of one.
        const next = new SpecialtyBuckets();
        const count = await volunteers.eachMatchable((v) => next.put(v));
        buckets = next;
        loadedAt = started;
        return count;
      })().finally(() => {
        loading = undefined;
      });
      return loading;
    },
    async refresh(key) {
      const fields = await volunteers.getMatchFields(key);
      if (fields) buckets.put(fields);
      else buckets.remove(key);
    },
    async find(criteria, now) {
      if (loadedAt === null) await index.load();
      const found: MatchFields[] = [];
      const near = criteria.near;
      const candidates = near
        ? buckets.around(criteria.specialties, near)
        : buckets.inSpecialties(criteria.specialties);
      for (const v of candidates) if (matchesCallUp(v, criteria, now)) found.push(v);
      return found;
    },
    async confirm(candidates, criteria, now, options = {}) {
      const current = await readCurrent(volunteers, candidates, buckets.size, options);
      const confirmed: MatchFields[] = [];
      for (const candidate of candidates) {
        const fields = current.get(candidate.key);
        if (fields) buckets.put(fields);
        else buckets.remove(candidate.key);
        if (fields && matchesCallUp(fields, criteria, now)) confirmed.push(fields);
      }
      return confirmed;
    },
  };
  return index;
}

/** The candidates' records as stored now: one scan, or `_id` lookups when they are few (or `byId` asks for them). */
async function readCurrent(
  volunteers: MatchReads,
  candidates: readonly Pick<MatchFields, 'key'>[],
  indexSize: number,
  options: ConfirmOptions,
): Promise<Map<string, MatchFields>> {
  const current = new Map<string, MatchFields>();
  const scan = candidates.length > Math.max(CONFIRM_PARALLEL, indexSize * LOOKUPS_PER_SCANNED_DOCUMENT);
  if (scan && !options.byId) {
    for (const fields of await volunteers.findMatchFields(candidates.map((c) => c.key))) {
      current.set(fields.key, fields);
    }
    return current;
  }
  // A few lookups at a time: each is a pushed-down `_id` read.
  for (let start = 0; start < candidates.length; start += CONFIRM_PARALLEL) {
    const chunk = candidates.slice(start, start + CONFIRM_PARALLEL);
    const read = await Promise.all(chunk.map((c) => volunteers.getMatchFields(c.key)));
    for (const fields of read) if (fields) current.set(fields.key, fields);
  }
  return current;
}

/**
 * The volunteer repository with the index kept current: after each write this process makes, the volunteer is read
 * again by `_id`. Every other method passes straight through.
 */
export function refreshingVolunteers<R extends VolunteerRepository>(
  repository: R,
  index: Pick<MatchIndex, 'refresh'>,
): R {
  const after =
    <A extends unknown[], T>(write: (...args: A) => Promise<T>, keysOf: (...args: A) => readonly string[]) =>
    async (...args: A): Promise<T> => {
      const result = await write(...args);
      for (const key of keysOf(...args)) await index.refresh(key);
      return result;
    };
  return {
    ...repository,
    create: after(repository.create.bind(repository), (v) => [v.key]),
    update: after(repository.update.bind(repository), (key) => [key]),
    erase: after(repository.erase.bind(repository), (key) => [key]),
    deleteMerged: after(repository.deleteMerged.bind(repository), (key) => [key]),
    setReachable: after(repository.setReachable.bind(repository), (key) => [key]),
  };
}
