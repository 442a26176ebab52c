import type { MatchFields } from '../../domain/callups/matching.ts';

/** The match index's data: each volunteer's match fields by key, and the keys of each specialty. Reads nothing. */
export class SpecialtyBuckets {
  readonly #byKey = new Map<string, MatchFields>();
  readonly #bySpecialty = new Map<string, Set<string>>();

  get size(): number {
    return this.#byKey.size;
  }

  /** Adds or replaces a volunteer, moving them to another specialty's bucket if theirs changed. */
  put(fields: MatchFields): void {
    const old = this.#byKey.get(fields.key);
    if (old && old.specialty !== fields.specialty) this.#bySpecialty.get(old.specialty)?.delete(fields.key);
    this.#byKey.set(fields.key, fields);
    let bucket = this.#bySpecialty.get(fields.specialty);
    if (!bucket) {
      bucket = new Set();
      this.#bySpecialty.set(fields.specialty, bucket);
    }
    bucket.add(fields.key);
  }

  remove(key: string): void {
    const old = this.#byKey.get(key);
    if (!old) return;
    this.#byKey.delete(key);
    this.#bySpecialty.get(old.specialty)?.delete(key);
  }

  /** Everyone in any of these specialties, each once. */
  *inSpecialties(specialties: Iterable<string>): Generator<MatchFields> {
    for (const specialty of new Set(specialties)) {
      for (const key of this.#bySpecialty.get(specialty) ?? []) {
        const fields = this.#byKey.get(key);
        if (fields) yield fields;
      }
    }
  }
}
