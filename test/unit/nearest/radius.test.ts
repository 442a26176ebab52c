import { describe, expect, it } from 'vitest';
import { circleOf, incidentCenter, parseRadiusKm } from '../../../src/domain/callups/radius.ts';
import type { RankedCandidate } from '../../../src/domain/callups/ranking.ts';
import type { GeoPoint } from '../../../src/domain/geo/geo-point.ts';
import { rankNearestFirst } from '../../../src/domain/geo/nearest-ranking.ts';
import { distanceLines } from '../../../src/services/nearest/distance-texts.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const TEHRAN = { lat: 35.6893, lon: 51.3896 };

describe('the radius of a call-up by distance', () => {
  it('when a radius is typed in Persian, Arabic or Latin digits, with or without its unit, then it is read', () => {
    for (const typed of ['۲۰', '٢٠', '20', '۲۰ کیلومتر', '٢٠ كيلومتر', '20km', '20 KM', '۲۰ کیلو']) {
      expect(parseRadiusKm(typed), typed).toEqual({ ok: true, km: 20 });
    }
  });

  it('when the radius is not a whole number of kilometres within range, then the reason is given', () => {
    expect(parseRadiusKm('بیست')).toEqual({ ok: false, reason: 'radius_number' });
    expect(parseRadiusKm('۲٫۵')).toEqual({ ok: false, reason: 'radius_number' });
    expect(parseRadiusKm('20 متر')).toEqual({ ok: false, reason: 'radius_number' });
    expect(parseRadiusKm('0')).toEqual({ ok: false, reason: 'radius_range' });
    expect(parseRadiusKm('۹۰۰')).toEqual({ ok: false, reason: 'radius_range' });
  });

  it('when the coordinator shared a pin, then it is the centre; else the listed city; else there is none', () => {
    const pin = { latitude: 35.7, longitude: 51.42 };
    expect(incidentCenter({ location: pin, province: 'tehran', city: 'تهران' })).toEqual({ lat: 35.7, lon: 51.42 });
    expect(incidentCenter({ location: null, province: 'tehran', city: 'تهران' })).toEqual(TEHRAN);
    expect(incidentCenter({ location: null, province: 'tehran', city: 'جایی نو' })).toBeNull();
  });

  it('when a call-up has no target or another kind, then it has no circle', () => {
    expect(circleOf({})).toBeUndefined();
    expect(circleOf({ target: { kind: 'bases', baseIds: ['b1'] } })).toBeUndefined();
    expect(circleOf({ target: { kind: 'radius', center: TEHRAN, km: 10 } })).toEqual({ center: TEHRAN, km: 10 });
  });
});

describe('who a call-up by distance asks first', () => {
  const at = (key: string, location: GeoPoint, overrides: Partial<RankedCandidate> = {}) => ({
    key,
    location,
    province: 'tehran',
    city: 'تهران',
    verified: false,
    lastInvitedAt: null,
    hoursPerMonth: 10,
    servedThisMonth: 0,
    ...overrides,
  });
  const north = (km: number) => ({ lat: TEHRAN.lat + km / 111.2, lon: TEHRAN.lon });

  it('when candidates are in different rings, then the nearer ring goes first whatever the fairness rules say', () => {
    const ranked = rankNearestFirst(
      [at('far-verified', north(20), { verified: true }), at('mid', north(7)), at('near', north(1))],
      TEHRAN,
    );
    expect(ranked.map((c) => c.key)).toEqual(['near', 'mid', 'far-verified']);
  });

  it('when candidates share a ring, then the fairness rules order them, not the exact distance', () => {
    const ranked = rankNearestFirst(
      [
        at('nearest-asked-today', north(0.5), { lastInvitedAt: tehran('2026-01-10T10:00:00') }),
        at('a-bit-farther-never-asked', north(4)),
        at('verified-at-3km', north(3), { verified: true }),
      ],
      TEHRAN,
    );
    expect(ranked.map((c) => c.key)).toEqual(['verified-at-3km', 'a-bit-farther-never-asked', 'nearest-asked-today']);
  });
});

describe('the status message of a call-up by distance', () => {
  const t = (key: string, vars?: Record<string, unknown>) => (vars ? `${key}(${Object.values(vars).join(',')})` : key);

  it('when people hold seats, then each ring of the circle counts those coming from it', () => {
    const lines = distanceLines(t, { target: { kind: 'radius', center: TEHRAN, km: 10 } }, [
      { answer: 'yes', withdrawnAt: null, distanceBand: 'under5' },
      { answer: 'late', withdrawnAt: null, distanceBand: 'under5' },
      { answer: 'no', withdrawnAt: null, distanceBand: 'from5to10' },
      { answer: 'none', withdrawnAt: null, distanceBand: 'from5to10' },
    ]);
    expect(lines).toEqual([
      'callup:board.radius(10)',
      'callup:board.rings(callup:board.ring(common:distance.band.under5,2) | ' +
        'callup:board.ring(common:distance.band.from5to10,0))',
    ]);
    expect(distanceLines(t, {}, [])).toEqual([]);
  });
});
