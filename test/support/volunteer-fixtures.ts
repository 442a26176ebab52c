import type { Volunteer } from '../../src/domain/volunteers/volunteer.ts';

/** Tehran wall-clock instant after 2022 (+03:30 all year). */
export const tehran = (iso: string): Date => new Date(`${iso}+03:30`);

/** A valid active volunteer; override what a test is about. */
export function aVolunteer(overrides: Partial<Volunteer> = {}): Volunteer {
  const at = tehran('2026-01-10T10:00:00');
  return {
    key: 'telegram:1001',
    platform: 'telegram',
    chatId: '1001',
    locale: 'fa',
    name: 'سارا احمدی',
    mobile: '+989121234567',
    group: 'physician',
    specialty: 'gp',
    specialtyOther: null,
    licence: { body: 'irimc', number: '12345', digits: '12345', status: 'unverified' },
    province: 'tehran',
    city: 'تهران',
    hoursPerMonth: 8,
    days: [0, 2],
    windows: ['morning'],
    modes: ['crisis'],
    reach: 'own',
    validUntil: null,
    note: null,
    status: 'active',
    pausedUntil: null,
    unavailableUntil: null,
    reachProvinces: ['tehran'],
    reachAnywhere: false,
    reachable: true,
    hoursServed: 0,
    nextCheckInAt: tehran('2026-02-09T10:00:00'),
    lastCheckInAt: null,
    confirmedAt: at,
    registeredAt: at,
    updatedAt: at,
    ...overrides,
  };
}
