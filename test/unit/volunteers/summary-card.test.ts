import { describe, expect, it } from 'vitest';
import { lastDayOf } from '../../../src/domain/volunteers/pledge.ts';
import { cardFields, profileCard, summaryCard } from '../../../src/domain/volunteers/summary-card.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const now = tehran('2026-11-23T12:00:00');

describe('the summary card', () => {
  it('when the specialty has a council and a travelling mode is chosen, then every field has a row', () => {
    expect(cardFields(aVolunteer())).toEqual([
      'name',
      'mobile',
      'specialty',
      'licence',
      'province',
      'city',
      'location',
      'hours',
      'days',
      'windows',
      'modes',
      'reach',
      'validUntil',
      'note',
    ]);
  });

  it('when the specialty has no council number or no travel is pledged, then those rows are left out', () => {
    const fields = cardFields(aVolunteer({ specialty: 'relief_worker', modes: ['in_person'] }));
    expect(fields).not.toContain('licence');
    expect(fields).not.toContain('reach');
  });

  it('when rows are built, then names come from the reference data in the reader language', () => {
    const fa = summaryCard(aVolunteer(), 'fa');
    expect(fa.find((r) => r.field === 'specialty')?.value).toEqual({ kind: 'text', text: 'پزشک عمومی' });
    const en = summaryCard(aVolunteer({ specialty: 'other', specialtyOther: 'Herbal medicine' }), 'en');
    expect(en.find((r) => r.field === 'specialty')?.value).toEqual({
      kind: 'text',
      text: 'Physicians: Herbal medicine',
    });
    expect(en.find((r) => r.field === 'province')?.value).toEqual({ kind: 'text', text: 'Tehran' });
  });

  it('when no pin is shared, then the location row says whether the base’s place or the city’s centre is used', () => {
    const row = (v: ReturnType<typeof aVolunteer>) => summaryCard(v, 'fa').find((r) => r.field === 'location')?.value;
    const base = { lat: 35.76, lon: 51.33 };
    expect(row(aVolunteer({ location: null }))).toEqual({ kind: 'label', key: 'pledge:location.not_shared' });
    expect(row(aVolunteer({ location: null, baseLocation: base }))).toEqual({
      kind: 'label',
      key: 'pledge:location.at_base',
    });
    expect(row(aVolunteer({ location: base, baseLocation: base }))).toEqual({
      kind: 'label',
      key: 'pledge:location.shared',
    });
  });

  it('when the pledge has an end, then the card shows its last day, the day before the stored instant', () => {
    const validUntil = tehran('2027-03-21T00:00:00');
    const row = summaryCard(aVolunteer({ validUntil }), 'fa').find((r) => r.field === 'validUntil');
    expect(row?.value).toEqual({ kind: 'label', key: 'pledge:validity.until', vars: { date: lastDayOf(validUntil) } });
    expect(lastDayOf(validUntil).getTime()).toBeLessThan(validUntil.getTime());
  });
});

describe('the profile card', () => {
  it('when paused and away, then status and availability (the pause, which wins) head the card and hours served close it', () => {
    const pausedUntil = tehran('2026-12-01T00:00:00');
    const rows = profileCard(
      aVolunteer({ status: 'paused', pausedUntil, unavailableUntil: pausedUntil, hoursServed: 12 }),
      'fa',
      now,
    );
    expect(rows[0]).toEqual({
      field: 'status',
      value: { kind: 'label', key: 'pledge:status.paused_until', vars: { date: pausedUntil } },
    });
    expect(rows[1]?.value).toEqual({ kind: 'label', key: 'pledge:availability.paused', vars: { date: pausedUntil } });
    expect(rows.at(-1)).toEqual({ field: 'hoursServed', value: { kind: 'number', value: 12 } });
  });
});
