/** A point on the Earth in WGS84 degrees, as Telegram and Bale send a shared location. */
import { z } from 'zod';

export interface GeoPoint {
  lat: number;
  lon: number;
}

export const geoPointSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** A circle on the Earth: everything within `km` kilometres of `center`. */
export interface Circle {
  center: GeoPoint;
  km: number;
}
