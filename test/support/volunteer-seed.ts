import type { RegistrationInput, Volunteer } from '../../src/domain/volunteers/volunteer.ts';
import type { Database } from '../../src/persistence/connection.ts';
import { createVolunteerRepository } from '../../src/persistence/repositories/volunteer.repository.ts';
import { toDocument } from '../../src/persistence/repositories/volunteer-documents.ts';
import { createVolunteerService } from '../../src/services/volunteers/volunteer.service.ts';

/**
 * Registers a volunteer straight through the use case, for tests about what comes after registration (profile,
 * jobs): registration itself is driven through the bot elsewhere, and a user tapping through it at machine speed
 * would also use up much of the per-user flood allowance before the test begins.
 */
export async function seedVolunteer(
  database: Database,
  now: () => Date,
  userId: number,
  overrides: Partial<RegistrationInput> = {},
): Promise<Volunteer> {
  const service = createVolunteerService({ volunteers: createVolunteerRepository(database.models), now });
  return service.register({
    key: `telegram:${userId}`,
    platform: 'telegram',
    chatId: String(userId),
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
    reach: 'neighbors',
    validUntil: null,
    note: null,
    ...overrides,
  });
}

/**
 * Stores a crowd of registered volunteers in one insert, each as `VolunteerRepository.create` stores it, for tests
 * that need hundreds: one by one, 300 took 20-30 s of a busy machine (two round trips each).
 */
export async function insertVolunteers(database: Database, volunteers: readonly Volunteer[]): Promise<void> {
  await database.models.volunteers.insertMany(volunteers.map(toDocument));
}
