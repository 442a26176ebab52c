import type { MatchFields } from '../../domain/callups/matching.ts';
import type { Circle } from '../../domain/geo/distance.ts';
import { locationOf } from '../../domain/geo/location-of.ts';
import { GeoGrid } from '../nearest/geo-grid.ts';

/**
 * The match index's data: each volunteer's match fields by key, the keys of each specialty, and per specialty a grid
 * of where they are (for call-ups by distance). Reads nothing.
 */
export class SpecialtyBuckets {
  readonly #byKey = new Map<string, MatchFields>();
  readonly #bySpecialty = new Map<string, Set<string>>();
  readonly #gridBySpecialty = new Map<string, GeoGrid>();

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): MatchFields | undefined {
    return this.#byKey.get(key);
  }

  /** Adds or replaces a volunteer, moving them to another specialty's bucket (and grid) if theirs changed. */
  put(fields: MatchFields): void {
    const old = this.#byKey.get(fields.key);
    if (old && old.specialty !== fields.specialty) {
      this.#bySpecialty.get(old.specialty)?.delete(fields.key);
      this.#gridBySpecialty.get(old.specialty)?.remove(fields.key);
    }
    this.#byKey.set(fields.key, fields);
    let bucket = this.#bySpecialty.get(fields.specialty);
    if (!bucket) {
      bucket = new Set();
      this.#bySpecialty.set(fields.specialty, bucket);
    }
    bucket.add(fields.key);
    let grid = this.#gridBySpecialty.get(fields.specialty);
    if (!grid) {
      grid = new GeoGrid();
      this.#gridBySpecialty.set(fields.specialty, grid);
    }
    grid.put(fields.key, locationOf(fields));
  }

  remove(key: string): void {
    const old = this.#byKey.get(key);
    if (!old) return;
    this.#byKey.delete(key);
    this.#bySpecialty.get(old.specialty)?.delete(key);
    this.#gridBySpecialty.get(old.specialty)?.remove(key);
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

  /** Those of these specialties in the grid cells covering the circle: everyone inside it, and some just outside. */
  *around(specialties: Iterable<string>, circle: Circle): Generator<MatchFields> {
    for (const specialty of new Set(specialties)) {
      for (const key of this.#gridBySpecialty.get(specialty)?.around(circle) ?? []) {
        const fields = this.#byKey.get(key);
        if (fields) yield fields;
      }
    }
  }
}
