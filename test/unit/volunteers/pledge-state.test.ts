import { describe, expect, it } from 'vitest';
import {
  availabilityOf,
  effectiveStatus,
  isUnavailable,
  pause,
  resume,
  statusAfterEdit,
  withdraw,
} from '../../../src/domain/volunteers/pledge-state.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const now = tehran('2026-11-23T12:00:00');
const past = tehran('2026-11-01T00:00:00');
const future = tehran('2026-12-01T00:00:00');

describe('the status of a pledge at a moment', () => {
  it('when a pause has ended but the job has not run yet, then the pledge already counts as active', () => {
    expect(effectiveStatus(aVolunteer({ status: 'paused', pausedUntil: past }), now)).toBe('active');
    expect(effectiveStatus(aVolunteer({ status: 'paused', pausedUntil: future }), now)).toBe('paused');
  });

  it('when the end date has passed, then an active or paused pledge counts as expired', () => {
    expect(effectiveStatus(aVolunteer({ validUntil: past }), now)).toBe('expired');
    expect(effectiveStatus(aVolunteer({ status: 'paused', pausedUntil: future, validUntil: past }), now)).toBe(
      'expired',
    );
  });

  it('when the volunteer withdrew, then it stays withdrawn whatever the dates', () => {
    expect(effectiveStatus(aVolunteer({ status: 'withdrawn', validUntil: past }), now)).toBe('withdrawn');
  });

  it('when "not available until" lies ahead, then the volunteer is unavailable; once it passes, available', () => {
    expect(isUnavailable(aVolunteer({ unavailableUntil: future }), now)).toBe(true);
    expect(isUnavailable(aVolunteer({ unavailableUntil: past }), now)).toBe(false);
    expect(isUnavailable(aVolunteer(), now)).toBe(false);
  });

  it('when the pledge is paused, ended or withdrawn, then that is the availability, before any day marked available', () => {
    expect(availabilityOf(aVolunteer(), now)).toBe('available');
    expect(availabilityOf(aVolunteer({ unavailableUntil: future }), now)).toBe('unavailable');
    expect(availabilityOf(aVolunteer({ status: 'paused', pausedUntil: future, unavailableUntil: future }), now)).toBe(
      'paused',
    );
    expect(availabilityOf(aVolunteer({ validUntil: past }), now)).toBe('inactive');
    expect(availabilityOf(aVolunteer({ status: 'withdrawn' }), now)).toBe('inactive');
  });
});

describe('pause, resume, withdraw', () => {
  it('when an active pledge is paused, then it becomes paused until the given day', () => {
    expect(pause(aVolunteer(), future, now)).toEqual({ ok: true, status: 'paused', pausedUntil: future });
  });

  it('when a withdrawn or expired pledge is paused, then it is refused', () => {
    expect(pause(aVolunteer({ status: 'withdrawn' }), future, now)).toEqual({ ok: false, reason: 'not_active' });
    expect(pause(aVolunteer({ validUntil: past }), future, now)).toEqual({ ok: false, reason: 'not_active' });
  });

  it('when a paused or withdrawn pledge resumes, then it is active; an active one is refused', () => {
    expect(resume(aVolunteer({ status: 'paused', pausedUntil: future }), now)).toMatchObject({
      ok: true,
      status: 'active',
    });
    expect(resume(aVolunteer({ status: 'withdrawn' }), now)).toMatchObject({ ok: true, status: 'active' });
    expect(resume(aVolunteer(), now)).toEqual({ ok: false, reason: 'not_paused' });
  });

  it('when the end date has passed, then resuming is refused until the date changes', () => {
    expect(resume(aVolunteer({ status: 'withdrawn', validUntil: past }), now)).toEqual({ ok: false, reason: 'ended' });
  });

  it('when withdrawing twice, then the second time is refused', () => {
    expect(withdraw(aVolunteer())).toEqual({ ok: true, status: 'withdrawn', pausedUntil: null });
    expect(withdraw(aVolunteer({ status: 'withdrawn' }))).toEqual({ ok: false, reason: 'already_withdrawn' });
  });

  it('when an expired pledge gets a future end date, then it is active again; a past one expires it', () => {
    expect(statusAfterEdit(aVolunteer({ status: 'expired', validUntil: future }), now)).toEqual({
      status: 'active',
      pausedUntil: null,
    });
    expect(statusAfterEdit(aVolunteer({ validUntil: past }), now)).toEqual({ status: 'expired', pausedUntil: null });
    expect(statusAfterEdit(aVolunteer({ status: 'paused', pausedUntil: future }), now)).toEqual({
      status: 'paused',
      pausedUntil: future,
    });
  });
});
