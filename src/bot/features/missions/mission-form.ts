import { EMPTY_MISSION_PLEDGE, type MissionPledge } from '../../../domain/missions/mission-pledge.ts';
import type { BotContext } from '../../context.ts';
import type { FlowStep, StepOutcome } from '../../flows/flow-engine.ts';

/** The long-missions part as a flow keeps it in the session: JSON-safe, so a vaccination's date is an ISO string. */
export interface MissionForm {
  homeWeeks: number | null;
  abroad: boolean;
  passportExpiry: { jy: number; jm: number } | null;
  languages: { code: string; level: string }[];
  trainings: string[];
  vaccinations: { code: string; date: string }[];
  note: string | null;
}

/**
 * A flow's data that holds the part: registration's form, or the profile's own edit. `undefined` = not asked yet;
 * `null` = skipped or removed. `missionVaccine` is the vaccination whose date is being asked.
 */
export interface MissionHolder {
  missions?: MissionForm | null;
  missionVaccine?: string;
}

/** How the part's last answer (or a skip) leaves it: registration goes on, a profile edit saves. */
export type LeaveMissions<F extends MissionHolder> = (ctx: BotContext, form: F) => Promise<StepOutcome<F>>;

export type MissionStep<F extends MissionHolder> = FlowStep<F>;

export const EMPTY_MISSION_FORM: MissionForm = formFromPledge(EMPTY_MISSION_PLEDGE);

export function pledgeFromForm(form: MissionForm): MissionPledge {
  return { ...form, vaccinations: form.vaccinations.map((v) => ({ code: v.code, date: new Date(v.date) })) };
}

export function formFromPledge(pledge: MissionPledge): MissionForm {
  return {
    homeWeeks: pledge.homeWeeks,
    abroad: pledge.abroad,
    passportExpiry: pledge.passportExpiry,
    languages: pledge.languages,
    trainings: pledge.trainings,
    vaccinations: pledge.vaccinations.map((v) => ({ code: v.code, date: v.date.toISOString() })),
    note: pledge.note,
  };
}

/** The part's answers so far, with one field changed. */
export function withMissions<F extends MissionHolder>(form: F, change: Partial<MissionForm>): F {
  return { ...form, missions: { ...(form.missions ?? EMPTY_MISSION_FORM), ...change } };
}

export const missionsOf = (form: MissionHolder): MissionForm => form.missions ?? EMPTY_MISSION_FORM;
