import people from '../data/simulated-people.json' with { type: 'json' };
import type { ChatDirectory, RoleHint, WebChatBot } from './chat-directory.ts';
import type { EventStream } from './event-stream.ts';
import { simulatedVolunteer, volunteerLabels } from './simulated-volunteers.ts';
import type { VolunteerSeeder } from './volunteer-seeder.ts';

export interface DemoCast {
  coordinators: number;
  volunteers: number;
  /** Registered through the seed hook (0 without one). */
  registered: number;
  /** Why registering failed, if it did; the people are there as chats either way. */
  warning?: string;
}

const DEMO_VOLUNTEERS = 4;
const DEMO_FIRST_ID = 1002;

const ROLE_BY_GROUP: Record<string, RoleHint> = {
  physician: 'doctor',
  nursing: 'nurse',
  midwifery: 'midwife',
  ems: 'paramedic',
  mental_health: 'psychologist',
  pharmacy: 'pharmacist',
};

/**
 * Adds the coordinator and a few volunteers of different specialties and provinces to every bot, registered through
 * `seed` when there is one.
 */
export async function seedDemoCast(
  bots: readonly WebChatBot[],
  directory: ChatDirectory,
  events: EventStream,
  seed: VolunteerSeeder | undefined,
): Promise<DemoCast> {
  const cast: DemoCast = { coordinators: 0, volunteers: 0, registered: 0 };
  for (const { platform } of bots) {
    const coordinatorId = directory.coordinatorId(platform);
    if (coordinatorId !== undefined) {
      directory.add({ bot: platform, userId: coordinatorId, ...people.demoCoordinator, role: 'coordinator' });
      cast.coordinators += 1;
    }
    const volunteers = [];
    for (let id = DEMO_FIRST_ID; volunteers.length < DEMO_VOLUNTEERS; id++) {
      if (!directory.isCoordinator(platform, id)) volunteers.push(simulatedVolunteer(volunteers.length, id));
    }
    let registered = false;
    if (seed) {
      try {
        await seed({ platform, volunteers });
        registered = true;
      } catch (error) {
        cast.warning = error instanceof Error ? error.message : String(error);
      }
    }
    for (const volunteer of volunteers) {
      directory.add({
        bot: platform,
        userId: volunteer.userId,
        firstName: volunteer.firstName,
        lastName: volunteer.lastName,
        role: ROLE_BY_GROUP[volunteer.group] ?? 'volunteer',
        labels: volunteerLabels(volunteer),
        registered,
        started: registered,
      });
    }
    cast.volunteers += volunteers.length;
    if (registered) cast.registered += volunteers.length;
    events.send('users', { bot: platform });
  }
  return cast;
}
