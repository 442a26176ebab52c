import type { PlatformName } from 'bot-api-sandbox';
import type { RegistrationInput } from '../../src/domain/volunteers/volunteer.ts';
import { VolunteerError } from '../../src/domain/volunteers/volunteer-error.ts';
import type { VolunteerService } from '../../src/services/volunteers/volunteer.service.ts';
import type { SimulatedVolunteer } from './simulated-volunteers.ts';

export interface SeedBatch {
  platform: PlatformName;
  volunteers: readonly SimulatedVolunteer[];
}

export interface SeedResult {
  /** Newly registered in this call. */
  registered: number;
  /** Already registered (an earlier run on the same data folder). */
  existing: number;
}

/**
 * Registers simulated volunteers in the app's database. The web chat decides who they are; the app decides how a
 * volunteer is stored, so seeding goes through the same use case a real registration does.
 */
export type VolunteerSeeder = (batch: SeedBatch) => Promise<SeedResult>;

/** How many registrations run at once: enough to fill 500 quickly, few enough not to starve the bot's updates. */
const CONCURRENCY = 8;

/** A seeder over the volunteer service: each simulated volunteer becomes a confirmed, active pledge. */
export function createServiceSeeder(volunteers: Pick<VolunteerService, 'register'>): VolunteerSeeder {
  return async ({ platform, volunteers: batch }) => {
    const result: SeedResult = { registered: 0, existing: 0 };
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const volunteer = batch[next++] as SimulatedVolunteer;
        try {
          await volunteers.register(registrationOf(platform, volunteer));
          result.registered += 1;
        } catch (error) {
          if (!(error instanceof VolunteerError && error.code === 'already_registered')) throw error;
          result.existing += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
    return result;
  };
}

/** The form a registration would have filled in; the mobile is the one the sandbox shares for this user. */
export function registrationOf(platform: PlatformName, v: SimulatedVolunteer): RegistrationInput {
  return {
    key: `${platform}:${v.userId}`,
    platform,
    chatId: String(v.userId),
    locale: 'fa',
    name: `${v.firstName} ${v.lastName}`,
    mobile: `+98912${String(v.userId).slice(-7).padStart(7, '0')}`,
    group: v.group,
    specialty: v.specialty,
    specialtyOther: null,
    licence: v.licence && { ...v.licence, number: v.licence.digits, status: 'unverified' },
    province: v.province,
    city: v.city,
    hoursPerMonth: v.hoursPerMonth,
    days: v.days,
    windows: v.windows,
    modes: v.modes,
    reach: v.reach,
    validUntil: null,
    note: null,
  };
}
