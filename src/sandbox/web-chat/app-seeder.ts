import type { Database } from '../../persistence/connection.ts';
import { createVolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import { createVolunteerService } from '../../services/volunteers/volunteer.service.ts';
import { createServiceSeeder, type VolunteerSeeder } from './volunteer-seeder.ts';

/** The seed hook for a running app: simulated volunteers are registered by the app's own volunteer service. */
export function createAppSeeder(database: Database, now: () => Date = () => new Date()): VolunteerSeeder {
  return createServiceSeeder(createVolunteerService({ volunteers: createVolunteerRepository(database.models), now }));
}
