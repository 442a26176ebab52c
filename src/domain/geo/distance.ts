/**
 * Great-circle distance. The radius is MongoDB's (`kRadiusOfEarthInMeters`, the WGS84 equatorial radius), so the
 * in-process search and `$geoNear` draw a circle's edge in the same place.
 */
import type { GeoPoint } from './geo-point.ts';

export const EARTH_RADIUS_KM = 6378.1;

/** A circle on the Earth: everything within `km` kilometres of `center`. */
export interface Circle {
  center: GeoPoint;
  km: number;
}

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Kilometres between two points along the Earth's surface (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2;
  // min(1, …): rounding may push h a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

export function isWithin(point: GeoPoint, circle: Circle): boolean {
  return distanceKm(point, circle.center) <= circle.km;
}
