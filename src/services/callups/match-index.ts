/**
 * An in-process matching index for FerretDB, whose only pushed-down filter is an exact `_id`: the matching fields of
 * every pledge (about 200 bytes each), bucketed by specialty, loaded once with one scan and kept current by this
 * process's own writes (see `refreshingVolunteers`) and by a periodic reload for other instances' writes.
 *
 * A wave re-reads each chosen volunteer before inviting (see `confirm`), so a stale entry can only cost a candidate,
 * never invite someone who has since paused or left. While this process is alone on the database (`exclusiveEpoch`)
 * and the index was loaded in the current epoch, every write since went through it, so its entries are what the
 * database holds: only those with a write under way are re-read. That spares a call-up to thousands a scan of every
 * pledge (seconds on FerretDB) between its first cards and the rest.
 */
import { type MatchFields, matchesCallUp } from '../../domain/callups/matching.ts';
import type { ExclusiveEpoch } from '../../persistence/epoch-cache.ts';
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
  /** Runs a write of one volunteer, then re-reads them by `_id`; until then their entry is not trusted. */
  writing<T>(key: string, write: () => Promise<T>): Promise<T>;
  readonly size: number;
  readonly loadedAt: Date | null;
}

export interface MatchIndexOptions {
  clock?: () => Date;
  /** Set while this process is alone on the database: then the index, loaded in the same epoch, is exact. */
  exclusiveEpoch?: ExclusiveEpoch;
}

export function createMatchIndex(volunteers: MatchReads, options: MatchIndexOptions = {}): MatchIndex {
  const clock = options.clock ?? (() => new Date());
  const epochNow = options.exclusiveEpoch ?? (() => undefined);
  let buckets = new SpecialtyBuckets();
  let loadedAt: Date | null = null;
  /** The exclusive epoch the index was loaded in; undefined when others may have written since. */
  let loadedInEpoch: number | undefined;
  let loading: Promise<number> | undefined;
  const writes = new WritesUnderWay();

  /** Reads one volunteer again, unless a later write began meanwhile: its own read comes after it. */
  const reread = async (key: string) => {
    const began = writes.began(key);
    const fields = await volunteers.getMatchFields(key);
    if (writes.began(key) !== began) return;
    if (fields) buckets.put(fields);
    else buckets.remove(key);
  };

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
        const epoch = epochNow();
        writes.loadBegan();
        // Built aside and swapped in, so queries during a reload see the previous index rather than half of one.
        const next = new SpecialtyBuckets();
        const count = await volunteers.eachMatchable((v) => next.put(v));
        buckets = next;
        loadedAt = started;
        loadedInEpoch = epoch;
        await writes.loadEnded(reread);
        return count;
      })().finally(() => {
        loading = undefined;
      });
      return loading;
    },
    writing(key, write) {
      return writes.run(key, write, () => reread(key));
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
    async confirm(candidates, criteria, now, confirmOptions = {}) {
      const epoch = epochNow();
      const exact = epoch !== undefined && epoch === loadedInEpoch;
      // Alone again since the load (another instance left, or records were written past the repositories): the
      // next wave may trust the index again once it is reloaded.
      if (!exact && epoch !== undefined && loadedAt !== null) void index.load().catch(() => {});
      const toRead = exact ? candidates.filter((c) => writes.unsure(c.key)) : candidates;
      const read = new Set(toRead.map((c) => c.key));
      const current = await readCurrent(volunteers, toRead, buckets.size, confirmOptions);
      const confirmed: MatchFields[] = [];
      for (const candidate of candidates) {
        const fields = read.has(candidate.key) ? current.get(candidate.key) : buckets.get(candidate.key);
        if (!exact) {
          if (fields) buckets.put(fields);
          else buckets.remove(candidate.key);
        }
        if (fields && matchesCallUp(fields, criteria, now)) confirmed.push(fields);
      }
      return confirmed;
    },
  };
  return index;
}

/**
 * The volunteers this process is writing: an entry is unsure from the moment a write begins until a read after the
 * last write of it has succeeded. A load that ran meanwhile may hold what it read before a write, so those are read
 * again after it.
 */
class WritesUnderWay {
  readonly #running = new Map<string, number>();
  /** Writes begun per key, so that a read overtaken by a later write is not applied. */
  readonly #begun = new Map<string, number>();
  readonly #unsure = new Set<string>();
  #duringLoad: Set<string> | undefined;

  unsure(key: string): boolean {
    return this.#unsure.has(key);
  }

  began(key: string): number {
    return this.#begun.get(key) ?? 0;
  }

  loadBegan(): void {
    this.#duringLoad = new Set();
  }

  /** The load is swapped in: it may hold what it read before a write that ran meanwhile, so those are read again. */
  async loadEnded(reread: (key: string) => Promise<void>): Promise<void> {
    const written = [...(this.#duringLoad ?? [])];
    this.#duringLoad = undefined;
    await Promise.all(
      written.map((key) =>
        this.run(
          key,
          async () => {},
          () => reread(key),
        ),
      ),
    );
  }

  /** Runs the write, then `reread`; a failed read does not fail the write, it leaves the entry unsure. */
  async run<T>(key: string, write: () => Promise<T>, reread: () => Promise<void>): Promise<T> {
    this.#unsure.add(key);
    this.#duringLoad?.add(key);
    this.#running.set(key, (this.#running.get(key) ?? 0) + 1);
    this.#begun.set(key, this.began(key) + 1);
    let readAgain = false;
    try {
      return await write();
    } finally {
      readAgain = await reread().then(
        () => true,
        () => false,
      );
      const left = (this.#running.get(key) ?? 1) - 1;
      if (left > 0) this.#running.set(key, left);
      else {
        // No read of it is under way any more: nothing can be overtaken.
        this.#running.delete(key);
        this.#begun.delete(key);
        if (readAgain) this.#unsure.delete(key);
      }
    }
  }
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
 * The volunteer repository with the index kept current: each write this process makes goes through `writing`, which
 * reads the volunteer again by `_id` afterwards. Every other method passes straight through.
 */
export function refreshingVolunteers<R extends VolunteerRepository>(
  repository: R,
  index: Pick<MatchIndex, 'writing'>,
): R {
  const through =
    <A extends unknown[], T>(write: (...args: A) => Promise<T>, keyOf: (...args: A) => string) =>
    (...args: A): Promise<T> =>
      index.writing(keyOf(...args), () => write(...args));
  return {
    ...repository,
    create: through(repository.create.bind(repository), (v) => v.key),
    update: through(repository.update.bind(repository), (key) => key),
    erase: through(repository.erase.bind(repository), (key) => key),
    deleteMerged: through(repository.deleteMerged.bind(repository), (key) => key),
    setReachable: through(repository.setReachable.bind(repository), (key) => key),
  };
}
