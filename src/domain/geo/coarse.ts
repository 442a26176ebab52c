/**
 * A volunteer's shared location is kept coarse on purpose: snapped to a grid of 1/200 degree (about 555 m north-south
 * and 455 m east-west in Iran), so the stored point says which neighbourhood, never which house.
 */
import type { GeoPoint } from './geo-point.ts';

const STEPS_PER_DEGREE = 200;

/** Snaps one coordinate to the grid; three decimals hold every grid value exactly enough (0.005 steps). */
const snap = (degrees: number) => Number((Math.round(degrees * STEPS_PER_DEGREE) / STEPS_PER_DEGREE).toFixed(3));

/** The point as stored: the nearest grid corner. */
export function coarsen(point: GeoPoint): GeoPoint {
  return { lat: snap(point.lat), lon: snap(point.lon) };
}

/** Half a grid step along each axis: how far a stored point may be from the one shared, in degrees. */
export const COARSE_HALF_STEP_DEGREES = 0.5 / STEPS_PER_DEGREE;
