import { z } from 'zod';

/** A point on the map in WGS84 degrees. */
export const geoPointSchema = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

export type GeoPoint = z.infer<typeof geoPointSchema>;
