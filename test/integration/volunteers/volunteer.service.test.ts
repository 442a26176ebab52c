import { describe, expect, it } from 'vitest';
import type { RegistrationInput } from '../../../src/domain/volunteers/volunteer.ts';
import { VolunteerError } from '../../../src/domain/volunteers/volunteer-error.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { createVolunteerService } from '../../../src/services/volunteers/volunteer.service.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const repository = createVolunteerRepository(database.models);
let clock = tehran('2026-11-23T12:00:00');
const service = createVolunteerService({ volunteers: repository, now: () => clock });

let nextId = 20_000;
function aForm(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  nextId += 1;
  const {
    status: _s,
    pausedUntil: _p,
    unavailableUntil: _u,
    reachProvinces: _r,
    reachAnywhere: _a,
    reachable: _re,
    hoursServed: _h,
    nextCheckInAt: _n,
    lastCheckInAt: _c,
    confirmedAt: _cf,
    registeredAt: _rg,
    updatedAt: _up,
    ...form
  } = aVolunteer({ key: `bale:${nextId}`, platform: 'bale', chatId: String(nextId) });
  return { ...form, ...overrides };
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VolunteerError);
  return (error as VolunteerError).code;
};

describe('registering', () => {
  it('when a form is registered, then the pledge is active, reaches the neighbours and is due a check-in in 30 days', async () => {
    const form = aForm({ modes: ['crisis', 'remote'], reach: 'neighbors', province: 'qom' });
    const v = await service.register(form);
    expect(v).toMatchObject({ status: 'active', reachAnywhere: false, hoursServed: 0, registeredAt: clock });
    expect([...v.reachProvinces].sort()).toEqual(['isfahan', 'markazi', 'qom', 'semnan', 'tehran']);
    expect(v.nextCheckInAt).toEqual(tehran('2026-12-23T12:00:00'));
    expect(await service.get(form.key)).toEqual(v);
  });

  it('when nobody travels, then a reach answer left over does not widen the reach', async () => {
    const v = await service.register(aForm({ modes: ['in_person'], reach: 'anywhere' }));
    expect(v).toMatchObject({ reach: 'own', reachAnywhere: false, reachProvinces: ['tehran'] });
  });

  it('when the same person confirms twice, then the second is refused as already registered', async () => {
    const form = aForm();
    await service.register(form);
    expect(await refusal(service.register(form))).toBe('already_registered');
  });

  it('when the form breaks a rule, then nothing is stored', async () => {
    const form = aForm({ hoursPerMonth: 0 });
    await expect(service.register(form)).rejects.toThrow();
    expect(await service.isRegistered(form.key)).toBe(false);
  });

  it('when the consent is given, then a draft records the start, and registration replaces it', async () => {
    const form = aForm();
    await service.startRegistration({ key: form.key, platform: form.platform, chatId: form.chatId, locale: 'en' });
    expect(await repository.getDraft(form.key)).toMatchObject({ startedAt: clock, locale: 'en' });
    await service.register(form);
    expect(await repository.getDraft(form.key)).toBeUndefined();
  });
});

describe('changing the profile and the pledge', () => {
  it('when the province or the reach changes, then the stored reach list follows', async () => {
    const form = aForm({ reach: 'neighbors' });
    await service.register(form);
    const moved = await service.updateProfile(form.key, { province: 'bushehr', city: 'بوشهر' });
    expect([...moved.reachProvinces].sort()).toEqual([
      'bushehr',
      'fars',
      'hormozgan',
      'khuzestan',
      'kohgiluyeh_boyerahmad',
    ]);
    const anywhere = await service.updateProfile(form.key, { reach: 'anywhere' });
    expect(anywhere).toMatchObject({ reachProvinces: ['bushehr'], reachAnywhere: true });
  });

  it('when an unknown field or a bad value is given, then the change is refused', async () => {
    const form = aForm();
    await service.register(form);
    await expect(service.updateProfile(form.key, { status: 'withdrawn' } as never)).rejects.toThrow();
    await expect(service.updateProfile(form.key, { mobile: '12345' })).rejects.toThrow();
    expect((await service.get(form.key))?.status).toBe('active');
  });

  it('when an expired pledge gets a new end date, then it is active again', async () => {
    const form = aForm({ validUntil: tehran('2026-12-01T00:00:00') });
    await service.register(form);
    clock = tehran('2026-12-05T12:00:00');
    expect(await refusal(service.resume(form.key))).toBe('ended');
    const renewed = await service.updateProfile(form.key, { validUntil: tehran('2027-06-01T00:00:00') });
    expect(renewed.status).toBe('active');
    clock = tehran('2026-11-23T12:00:00');
  });

  it('when the user is not registered, then every change is refused as not registered', async () => {
    expect(await refusal(service.updateProfile('bale:1', { city: 'قم' }))).toBe('not_registered');
    expect(await refusal(service.pause('bale:1', tehran('2026-12-01T00:00:00')))).toBe('not_registered');
  });
});

describe('pause, resume, withdraw, availability', () => {
  it('when paused, resumed, withdrawn and reactivated, then the status follows and wrong moves are refused', async () => {
    const form = aForm();
    await service.register(form);
    const until = tehran('2026-12-10T00:00:00');
    expect(await service.pause(form.key, until)).toMatchObject({ status: 'paused', pausedUntil: until });
    expect(await service.resume(form.key)).toMatchObject({ status: 'active', pausedUntil: null });
    expect(await refusal(service.resume(form.key))).toBe('not_paused');
    expect((await service.withdraw(form.key)).status).toBe('withdrawn');
    expect(await refusal(service.withdraw(form.key))).toBe('already_withdrawn');
    expect(await refusal(service.pause(form.key, until))).toBe('not_active');
    expect((await service.resume(form.key)).status).toBe('active');
  });

  it('when availability is set and cleared, then the pledge itself is untouched', async () => {
    const form = aForm();
    await service.register(form);
    const until = tehran('2026-11-30T00:00:00');
    expect(await service.setAvailability(form.key, until)).toMatchObject({ unavailableUntil: until, status: 'active' });
    expect(await service.setAvailability(form.key, null)).toMatchObject({ unavailableUntil: null, status: 'active' });
  });

  it('when the check-in is answered "still valid", then the confirmation time moves to now', async () => {
    const form = aForm();
    await service.register(form);
    clock = tehran('2026-12-24T10:00:00');
    expect((await service.confirmPledge(form.key)).confirmedAt).toEqual(clock);
    clock = tehran('2026-11-23T12:00:00');
  });
});
