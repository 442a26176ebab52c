/**
 * A fixed grid of cells over latitude and longitude, for the in-process nearby search: a point falls in one cell, and
 * a circle is covered by the cells of its bounding box. Cells of 0.1 degree (about 11 km) keep a 25 km search to a
 * few dozen cells while a city's volunteers spread over several.
 */
import { type Circle, EARTH_RADIUS_KM } from './distance.ts';
import type { GeoPoint } from './geo-point.ts';

export const CELL_DEGREES = 0.1;
const ROWS = Math.round(180 / CELL_DEGREES);
const COLUMNS = Math.round(360 / CELL_DEGREES);

const rowOf = (lat: number) => Math.min(ROWS - 1, Math.floor((lat + 90) / CELL_DEGREES));
const columnOf = (lon: number) => ((Math.floor((lon + 180) / CELL_DEGREES) % COLUMNS) + COLUMNS) % COLUMNS;

/** The cell a point falls in, as one number. */
export function cellOf(point: GeoPoint): number {
  return rowOf(point.lat) * COLUMNS + columnOf(point.lon);
}

/** Degrees of latitude per kilometre along a meridian. */
const DEGREES_PER_KM = 180 / (Math.PI * EARTH_RADIUS_KM);

/** Every cell that may hold a point of the circle (a superset: the caller checks the distance). */
export function cellsCovering(circle: Circle): number[] {
  const dLat = circle.km * DEGREES_PER_KM;
  const south = Math.max(-90, circle.center.lat - dLat);
  const north = Math.min(90, circle.center.lat + dLat);
  // East-west the box widens with the latitude farthest from the equator; past a pole it takes every column.
  const widest = Math.max(Math.abs(south), Math.abs(north));
  const cos = Math.cos((widest * Math.PI) / 180);
  const dLon = cos > 1e-9 ? dLat / cos : 360;
  const columns: number[] = [];
  if (dLon >= 180) for (let c = 0; c < COLUMNS; c++) columns.push(c);
  else {
    const first = Math.floor((circle.center.lon - dLon + 180) / CELL_DEGREES);
    const last = Math.floor((circle.center.lon + dLon + 180) / CELL_DEGREES);
    for (let c = first; c <= Math.min(last, first + COLUMNS - 1); c++)
      columns.push(((c % COLUMNS) + COLUMNS) % COLUMNS);
  }
  const cells: number[] = [];
  for (let row = rowOf(south); row <= rowOf(north); row++)
    for (const column of columns) cells.push(row * COLUMNS + column);
  return cells;
}
