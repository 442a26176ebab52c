/** Distance bands (rings around an incident) that previews, status messages and exports show instead of exact kilometres. */

/** Upper limits of the bands, in km; beyond the last is the open band. */
const LIMITS = [5, 10, 25, 50] as const;

export const DISTANCE_BANDS = ['under5', 'from5to10', 'from10to25', 'from25to50', 'over50'] as const;
export type DistanceBand = (typeof DISTANCE_BANDS)[number];

/** The band of a distance: a limit belongs to the nearer band (exactly 5 km is "under 5"). */
export function bandOf(km: number): DistanceBand {
  const index = LIMITS.findIndex((limit) => km <= limit);
  return DISTANCE_BANDS[index === -1 ? LIMITS.length : index]!;
}

/** The band's place from the nearest (0) outwards, to rank by. */
export const bandRank = (band: DistanceBand): number => DISTANCE_BANDS.indexOf(band);

/** The bands a circle of `km` can hold, nearest first: a 25 km call-up shows three rings. */
export function bandsWithin(km: number): DistanceBand[] {
  return DISTANCE_BANDS.slice(0, bandRank(bandOf(km)) + 1);
}
