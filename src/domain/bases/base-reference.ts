/** The reference data a base is checked against, gathered for the bases module. */
import { type City, citiesOf } from '../reference/cities.ts';
import { matchKey } from '../text/persian-text.ts';

export { getBaseKind } from '../reference/base-kinds.ts';
export { getProvince } from '../reference/provinces.ts';

/** A listed city of the province by either of its names, or undefined. */
export function cityNamed(province: string, name: string): City | undefined {
  const key = matchKey(name);
  return citiesOf(province).find((c) => matchKey(c.fa) === key || matchKey(c.en) === key);
}
