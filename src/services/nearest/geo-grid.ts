/**
 * The in-process geo index for the embedded database (FerretDB has no geo indexes and scans a whole collection for
 * any filter but `_id`): keys bucketed by grid cell (see domain/geo/grid.ts). A search reads the cells covering a
 * circle; the caller measures each candidate, since a cell's corners stick out of the circle.
 */
import type { Circle } from '../../domain/geo/distance.ts';
import type { GeoPoint } from '../../domain/geo/geo-point.ts';
import { cellOf, cellsCovering } from '../../domain/geo/grid.ts';

export class GeoGrid {
  readonly #cellOfKey = new Map<string, number>();
  readonly #keysInCell = new Map<number, Set<string>>();

  get size(): number {
    return this.#cellOfKey.size;
  }

  /** Places a key at a point, moving it if it was elsewhere; a null point takes it out. */
  put(key: string, point: GeoPoint | null): void {
    if (point === null) {
      this.remove(key);
      return;
    }
    const cell = cellOf(point);
    const old = this.#cellOfKey.get(key);
    if (old === cell) return;
    if (old !== undefined) this.#keysInCell.get(old)?.delete(key);
    this.#cellOfKey.set(key, cell);
    let keys = this.#keysInCell.get(cell);
    if (!keys) {
      keys = new Set();
      this.#keysInCell.set(cell, keys);
    }
    keys.add(key);
  }

  remove(key: string): void {
    const old = this.#cellOfKey.get(key);
    if (old === undefined) return;
    this.#cellOfKey.delete(key);
    const keys = this.#keysInCell.get(old);
    keys?.delete(key);
    if (keys?.size === 0) this.#keysInCell.delete(old);
  }

  /** The keys in the cells covering the circle: everyone inside it, and some just outside. */
  *around(circle: Circle): Generator<string> {
    for (const cell of cellsCovering(circle)) yield* this.#keysInCell.get(cell) ?? [];
  }
}
