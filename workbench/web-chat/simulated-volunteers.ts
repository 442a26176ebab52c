import { getProvince } from '../../src/domain/reference/provinces.ts';
import { getSpecialty } from '../../src/domain/reference/specialties.ts';
import {
  type Reach,
  SERVICE_MODES,
  type ServiceMode,
  TIME_WINDOWS,
  type TimeWindow,
  type Weekday,
} from '../../src/domain/volunteers/pledge.ts';
import people from '../data/simulated-people.json' with { type: 'json' };

/** Persian names, kept as data beside the code: a simulated person is named the same in either interface language. */
const { firstNames, lastNames } = people;

/** A made-up volunteer for demos and drills: the answers a registration would have collected. */
export interface SimulatedVolunteer {
  userId: number;
  firstName: string;
  lastName: string;
  group: string;
  specialty: string;
  province: string;
  city: string;
  /** The council number, when the specialty has a council that issues one. */
  licence: { body: 'irimc' | 'ino' | 'psychology_council'; digits: string } | null;
  hoursPerMonth: number | null;
  days: Weekday[];
  windows: TimeWindow[];
  modes: ServiceMode[];
  reach: Reach;
}

/** Names in both labels, so the page can show a volunteer's specialty and province in its own language. */
export interface VolunteerLabels {
  specialty: { fa: string; en: string };
  province: { fa: string; en: string };
}

/** The first few are the demo cast, chosen to differ in specialty and province; the drill goes on from there. */
const CAST: readonly (readonly [specialty: string, province: string])[] = [
  ['gp', 'tehran'],
  ['nurse_emergency', 'isfahan'],
  ['ems_technician', 'fars'],
  ['clinical_psychologist', 'khuzestan'],
  ['pediatrics', 'east_azerbaijan'],
  ['midwife', 'kermanshah'],
  ['pharmacist', 'razavi_khorasan'],
  ['emergency_medicine', 'gilan'],
  ['orthopedics', 'kerman'],
  ['nurse', 'sistan_baluchestan'],
  ['anesthesia_technologist', 'hormozgan'],
  ['general_surgery', 'mazandaran'],
  ['nurse_icu', 'yazd'],
  ['rescuer', 'lorestan'],
  ['internal_medicine', 'hamadan'],
  ['psychosocial_support', 'kurdistan'],
];

/** A drill needs a crowd where call-ups usually start, so the capital's province is over-represented. */
const DRILL_PROVINCES = ['tehran', 'tehran', 'tehran', 'alborz', 'qom', 'markazi', 'isfahan', 'fars', 'khuzestan'];

/** The index-th simulated volunteer; the same index always gives the same person. */
export function simulatedVolunteer(index: number, userId: number): SimulatedVolunteer {
  const random = seededRandom(index + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const [specialtyCode, provinceCode] =
    index < CAST.length ? (CAST[index] as readonly [string, string]) : [pick(CAST)[0], pick(DRILL_PROVINCES)];
  const specialty = getSpecialty(specialtyCode);
  const province = getProvince(provinceCode);
  if (!specialty || !province) throw new Error(`unknown cast entry ${specialtyCode}/${provinceCode}`);
  const body = specialty.licenceBody;
  const modes = SERVICE_MODES.filter((mode) => mode === 'crisis' || random() < 0.4);
  return {
    userId,
    firstName: firstNames[index % firstNames.length] as string,
    lastName: lastNames[(index * 7 + Math.floor(index / lastNames.length)) % lastNames.length] as string,
    group: specialty.group,
    specialty: specialty.code,
    province: province.code,
    city: province.centerFa,
    licence:
      body === 'none' || body === 'unconfirmed' ? null : { body, digits: String(10_000 + ((userId * 7919) % 89_000)) },
    hoursPerMonth: random() < 0.2 ? null : pick([4, 8, 16, 24, 40]),
    days: ([0, 1, 2, 3, 4, 5, 6] as const).filter((day) => day === index % 7 || random() < 0.5),
    windows: TIME_WINDOWS.filter((window) => window === 'morning' || random() < 0.4),
    modes,
    reach: pick(['own', 'neighbors', 'neighbors', 'anywhere'] as const),
  };
}

export function volunteerLabels(volunteer: Pick<SimulatedVolunteer, 'specialty' | 'province'>): VolunteerLabels {
  const specialty = getSpecialty(volunteer.specialty);
  const province = getProvince(volunteer.province);
  return {
    specialty: { fa: specialty?.fa ?? volunteer.specialty, en: specialty?.en ?? volunteer.specialty },
    province: { fa: province?.fa ?? volunteer.province, en: province?.en ?? volunteer.province },
  };
}

/** mulberry32: small, fast and deterministic, so a drill of 500 is the same 500 every time. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
