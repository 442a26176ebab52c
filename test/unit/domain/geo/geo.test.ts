import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandOf, bandRank, bandsWithin, DISTANCE_BANDS } from '../../../../src/domain/geo/bands.ts';
import { COARSE_HALF_STEP_DEGREES, coarsen } from '../../../../src/domain/geo/coarse.ts';
import { distanceKm, EARTH_RADIUS_KM } from '../../../../src/domain/geo/distance.ts';
import { cellOf, cellsCovering } from '../../../../src/domain/geo/grid.ts';
import { cityLocation, locationOf } from '../../../../src/domain/geo/location-of.ts';

const lat = fc.double({ min: -89, max: 89, noNaN: true });
const lon = fc.double({ min: -180, max: 180, noNaN: true, maxExcluded: true });
const point = fc.record({ lat, lon });
/** Iran and a margin around it, where every real search happens. */
const iranPoint = fc.record({
  lat: fc.double({ min: 24, max: 41, noNaN: true }),
  lon: fc.double({ min: 43, max: 64, noNaN: true }),
});

describe('distance', () => {
  it('when measured, then it is symmetric, zero to itself, and at most half the circumference', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 6);
        expect(distanceKm(a, a)).toBe(0);
        expect(distanceKm(a, b)).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_KM + 1e-6);
      }),
    );
  });

  it('when three points are measured, then the triangle inequality holds', () => {
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        // Haversine's asin loses digits near antipodal points (about 1e-4 km at worst): a metre of slack.
        expect(distanceKm(a, c)).toBeLessThanOrEqual(distanceKm(a, b) + distanceKm(b, c) + 1e-3);
      }),
    );
  });

  it('when Tehran to Isfahan is measured, then it is the known ~340 km', () => {
    expect(distanceKm({ lat: 35.6892, lon: 51.389 }, { lat: 32.6546, lon: 51.668 })).toBeCloseTo(338, -1);
  });
});

describe('coarse location', () => {
  it('when a point is coarsened, then it moves at most half a step per axis and stays put the second time', () => {
    fc.assert(
      fc.property(point, (p) => {
        const stored = coarsen(p);
        expect(Math.abs(stored.lat - p.lat)).toBeLessThanOrEqual(COARSE_HALF_STEP_DEGREES + 1e-9);
        expect(Math.abs(stored.lon - p.lon)).toBeLessThanOrEqual(COARSE_HALF_STEP_DEGREES + 1e-9);
        expect(coarsen(stored)).toEqual(stored);
      }),
    );
  });

  it('when a point in Iran is coarsened, then it stays within about 400 m and neighbours share the stored point', () => {
    fc.assert(
      fc.property(iranPoint, (p) => {
        expect(distanceKm(p, coarsen(p))).toBeLessThan(0.4);
      }),
    );
    expect(coarsen({ lat: 35.70012, lon: 51.40049 })).toEqual(coarsen({ lat: 35.7009, lon: 51.4012 }));
  });
});

describe('distance bands', () => {
  it('when distances grow, then bands never go back towards the centre', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        (a, b) => {
          const [near, far] = a <= b ? [a, b] : [b, a];
          expect(bandRank(bandOf(near))).toBeLessThanOrEqual(bandRank(bandOf(far)));
        },
      ),
    );
  });

  it('when a distance is on a limit, then it belongs to the nearer band', () => {
    expect([0, 5, 5.01, 10, 25, 50, 50.1].map(bandOf)).toEqual([
      'under5',
      'under5',
      'from5to10',
      'from5to10',
      'from10to25',
      'from25to50',
      'over50',
    ]);
  });

  it('when a radius is given, then its rings are the bands a point inside can fall in', () => {
    expect(bandsWithin(25)).toEqual(['under5', 'from5to10', 'from10to25']);
    expect(bandsWithin(5)).toEqual(['under5']);
    expect(bandsWithin(80)).toEqual([...DISTANCE_BANDS]);
  });
});

describe('grid cover', () => {
  it('when a circle is covered, then every point inside it lies in a covering cell', () => {
    fc.assert(
      fc.property(
        point,
        fc.double({ min: 0.1, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (center, km, fraction, bearing) => {
          const inside = destination(center, km * fraction, bearing);
          fc.pre(distanceKm(center, inside) <= km);
          expect(cellsCovering({ center, km })).toContain(cellOf(inside));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('locationOf', () => {
  it('when a volunteer shared a pin, then it is used; else their listed city; else none', () => {
    const tehran = cityLocation('tehran', 'تهران');
    expect(tehran).not.toBeNull();
    expect(locationOf({ location: { lat: 35.7, lon: 51.4 }, province: 'tehran', city: 'تهران' })).toEqual({
      lat: 35.7,
      lon: 51.4,
    });
    expect(locationOf({ location: null, province: 'tehran', city: 'Tehran' })).toEqual(tehran);
    expect(locationOf({ location: null, province: 'tehran', city: 'جایی ناشناخته' })).toBeNull();
  });

  it('when a volunteer without a pin belongs to a base, then the base’s place is used, even in an unlisted city', () => {
    const base = { lat: 35.76, lon: 51.33 };
    const pin = { lat: 35.7, lon: 51.4 };
    expect(locationOf({ location: null, baseLocation: base, province: 'tehran', city: 'تهران' })).toEqual(base);
    expect(locationOf({ location: null, baseLocation: base, province: 'tehran', city: 'جایی ناشناخته' })).toEqual(base);
    expect(locationOf({ location: pin, baseLocation: base, province: 'tehran', city: 'تهران' })).toEqual(pin);
  });
});

/** The point `km` from `start` along `bearing` (radians from north), on the same sphere. */
function destination(start: { lat: number; lon: number }, km: number, bearing: number) {
  const r = Math.PI / 180;
  const d = km / EARTH_RADIUS_KM;
  const lat1 = start.lat * r;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
  const lon2 =
    start.lon * r +
    Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  const lon = ((((lon2 / r + 180) % 360) + 360) % 360) - 180;
  return { lat: lat2 / r, lon };
}
