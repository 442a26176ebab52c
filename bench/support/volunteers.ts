// The volunteers every call-up bench invites: active, in Kermanshah, pledged to crisis call-ups at any hour, spread
// over as many physician specialties as it takes for each need to stay within what a coordinator may type (200), so
// a first wave (need × WAVE_FACTOR per specialty) reaches every one of them.
import { MAX_NEEDS, NEED_COUNT } from '../../src/domain/callups/callup.ts';
import { WAVE_FACTOR } from '../../src/domain/callups/waves.ts';
import { getSpecialty } from '../../src/domain/reference/specialties.ts';
import { reachOf } from '../../src/domain/volunteers/pledge.ts';
import type { Database } from '../../src/persistence/connection.ts';
import type { VolunteerDocument } from '../../src/persistence/models/volunteer.model.ts';
import type { CallUpSpec } from '../../workbench/scripts/create-callup.ts';

const SPECIALTY_CODES = [
  'gp',
  'emergency_medicine',
  'general_surgery',
  'orthopedics',
  'internal_medicine',
  'pediatrics',
  'obgyn',
  'anesthesiology',
  'cardiology',
  'neurology',
  'ophthalmology',
  'ent',
] as const;
const PER_SPECIALTY = NEED_COUNT.max * WAVE_FACTOR;

export const CALLUP_TITLE = 'زلزله‌ی سرپل ذهاب';

/** The specialties `recipients` volunteers are spread over (at least two, so a call-up has two groups to fill). */
function specialtiesFor(recipients: number): readonly string[] {
  const needed = Math.max(2, Math.ceil(recipients / PER_SPECIALTY));
  if (needed > MAX_NEEDS) throw new RangeError(`at most ${MAX_NEEDS * PER_SPECIALTY} recipients per call-up`);
  return SPECIALTY_CODES.slice(0, needed);
}

/** A need per specialty that invites every volunteer of it in the first wave. */
export function needsFor(recipients: number): { specialty: string; count: number }[] {
  const codes = specialtiesFor(recipients);
  return codes.map((specialty, index) => {
    const people = Math.floor(recipients / codes.length) + (index < recipients % codes.length ? 1 : 0);
    return { specialty, count: Math.max(1, Math.ceil(people / WAVE_FACTOR)) };
  });
}

function volunteerDoc(chatId: number, i: number, specialty: string, now: Date): VolunteerDocument {
  const facts = getSpecialty(specialty);
  if (!facts) throw new Error(`unknown specialty ${specialty}`);
  return {
    _id: `telegram:${chatId}`,
    status: 'active',
    platform: 'telegram',
    chatId: String(chatId),
    locale: 'fa',
    name: `داوطلب ${i}`,
    // Each their own number, as registration would have it (one typed number shared by thousands is no real case).
    mobile: `+98912${String(i).padStart(7, '0')}`,
    group: facts.group,
    specialty,
    specialtyOther: null,
    licence: {
      body: facts.licenceBody,
      number: '12345',
      digits: '12345',
      status: i % 4 === 0 ? 'verified' : 'unverified',
    },
    province: 'kermanshah',
    city: 'سرپل ذهاب',
    hoursPerMonth: 8,
    days: [0, 1, 2, 3, 4, 5, 6],
    windows: ['morning', 'afternoon', 'evening', 'night'],
    modes: ['crisis'],
    reach: 'own',
    ...reachOf('kermanshah', 'own'),
    validUntil: null,
    pausedUntil: null,
    unavailableUntil: null,
    note: null,
    reachable: true,
    hoursServed: 0,
    nextCheckInAt: new Date(now.getTime() + 30 * 86_400_000),
    lastCheckInAt: null,
    confirmedAt: now,
    registeredAt: now,
    updatedAt: now,
  } as VolunteerDocument;
}

/** Stores one volunteer per chat id in bulk (the chats themselves are opened in the sandbox). */
export async function seedVolunteers(database: Database, chatIds: readonly number[]): Promise<void> {
  const needs = needsFor(chatIds.length);
  const now = new Date();
  const docs = chatIds.map((chatId, i) => volunteerDoc(chatId, i, needs[i % needs.length]!.specialty, now));
  for (let start = 0; start < docs.length; start += 1000) {
    await database.models.volunteers.collection.insertMany(docs.slice(start, start + 1000) as never[], {
      ordered: false,
    });
  }
}

const CALLUP_TEXT = {
  description: 'نیاز فوری به پزشک برای اورژانس صحرایی',
  meetingPoint: 'بیمارستان امام خمینی، درِ اورژانس',
  contact: 'دکتر رضایی ۰۹۱۲۱۲۳۴۵۶۷',
};

/** The immediate earthquake call-up as a coordinator types it in the chat. */
export function callUpSpecFor(recipients: number): CallUpSpec {
  return {
    type: 'earthquake',
    urgency: 'immediate',
    title: CALLUP_TITLE,
    province: 'kermanshah',
    city: 'سرپل ذهاب',
    needs: needsFor(recipients),
    start: 'now',
    durationHours: 48,
    ...CALLUP_TEXT,
  };
}
